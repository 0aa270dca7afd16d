package io.provisioning.connector.spi;

/**
 * Names the attributes the connector controls itself and a command may never set: credentials
 * (a password set from a policy template is a guessable password on every account), the account's
 * name and naming attribute, its enabled state, its group memberships, its object classes. A
 * command that carries one is refused before the target is touched, and dead-lettered: a policy
 * validated by policy-service never sends one, so one that arrives is a fault or a forgery.
 */
public interface ControlledAttributes extends Connector {

    /**
     * @param attribute an attribute name as a command carries it; never null
     * @return whether commands may not set it (compared without regard to case)
     */
    boolean controls(String attribute);
}
