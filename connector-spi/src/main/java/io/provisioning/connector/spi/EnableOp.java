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

    /**
     * As {@link #setEnabled(String, boolean)}, for an account just read by {@link GetOp#get}: a
     * connector may address it by its reference instead of looking it up again. The default
     * looks it up.
     */
    default void setEnabled(ConnectorAccount read, boolean enabled) {
        setEnabled(read.accountId(), enabled);
    }
}
