package io.provisioning.connector.spi;

import java.util.Optional;

/** Reads one account. */
public interface GetOp extends Connector {

    /**
     * @return the account with its mapped attributes, state and groups; empty if there is none
     * @throws RetryableException if the target could not be reached or was busy
     */
    Optional<ConnectorAccount> get(String accountId);
}
