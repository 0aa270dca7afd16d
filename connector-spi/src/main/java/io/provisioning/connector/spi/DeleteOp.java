package io.provisioning.connector.spi;

/** Deletes accounts. */
public interface DeleteOp extends Connector {

    /**
     * Deletes the account and its group memberships.
     *
     * @throws UnknownAccountException if the account does not exist
     * @throws RetryableException     if the target could not be reached or was busy
     */
    void delete(String accountId);
}
