package io.provisioning.connector.spi;

import java.util.Optional;

/**
 * Finds the account a worker already holds under another name, through the worker id the target
 * keeps with it (SCIM {@code externalId}). Used when no account has the desired name: an account
 * renamed in the target, or created there by the application itself, is adopted instead of
 * being duplicated.
 */
public interface CorrelateOp extends Connector {

    /**
     * @return the account that carries this worker id; empty if there is none
     * @throws RetryableException if the target could not be reached or was busy
     */
    Optional<ConnectorAccount> findByWorkerId(String workerId);

    /**
     * Gives an account its new name; its attributes, state and groups stay.
     *
     * @throws AlreadyExistsException if another account has the new name
     */
    void rename(String accountId, String newAccountId);
}
