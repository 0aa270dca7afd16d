package io.provisioning.connector.spi;

/** Disables and re-enables accounts without deleting them. */
public interface EnableOp extends Connector {

    /**
     * Makes the account usable again, or makes it unusable; doing it twice changes nothing.
     *
     * @throws UnknownAccountException if the account does not exist
     * @throws RetryableException     if the target could not be reached or was busy
     */
    void setEnabled(String accountId, boolean enabled);
}
