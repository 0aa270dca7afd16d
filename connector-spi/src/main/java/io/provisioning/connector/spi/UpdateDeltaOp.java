package io.provisioning.connector.spi;

/** Changes the attributes of accounts; a change of the naming attribute renames the account. */
public interface UpdateDeltaOp extends Connector {

    /**
     * Applies an attribute delta in one operation where the target allows it.
     *
     * @throws UnknownAccountException       if the account does not exist
     * @throws InvalidAttributeValueException if the target refuses a value
     * @throws RetryableException            if the target could not be reached or was busy
     */
    void update(String accountId, AttributeDelta delta);

    /**
     * As {@link #update(String, AttributeDelta)}, for an account just read by {@link GetOp#get}: a
     * connector may address it by its reference instead of looking it up again. The default
     * looks it up.
     */
    default void update(ConnectorAccount read, AttributeDelta delta) {
        update(read.accountId(), delta);
    }
}
