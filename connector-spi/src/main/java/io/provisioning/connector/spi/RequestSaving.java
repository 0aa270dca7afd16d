package io.provisioning.connector.spi;

import java.util.Optional;

/**
 * Optional: how a connector saves its target requests where the target allows it. A connector
 * without it is run with the defaults below; one that implements it says what its target can do
 * (an LDAP directory: a disable that also reads the entry as it was, and larger member lists per
 * write, since a directory decodes all members of a group for every write).
 */
public interface RequestSaving extends Connector {

    /** How many members a call carries unless the connector says otherwise. */
    int DEFAULT_MEMBERS_PER_CALL = 1000;

    /**
     * The most accounts one {@link GroupMembershipOp} call may add to or remove from a group; larger
     * changes are split into calls of at most this many.
     */
    default int membersPerCall() {
        return DEFAULT_MEMBERS_PER_CALL;
    }

    /**
     * Disables the account and returns it as it was just before, in one request, where the
     * connector can do that without looking the account up first (an LDAP modify with the
     * pre-read control of RFC 4527): a leaver then costs the target one request, not a read and a
     * write. Where it cannot, for this account or at all (the default), it changes nothing and
     * returns empty, and the caller reads the account and disables it through {@link EnableOp}.
     *
     * @return the account as it was before this call disabled it; empty if nothing was done
     * @throws RetryableException if the target could not be reached or was busy
     */
    default Optional<ConnectorAccount> disableReadingBefore(String accountId) {
        return Optional.empty();
    }

    /** {@link #membersPerCall()} of a connector that may or may not save requests. */
    static int membersPerCall(Connector connector) {
        return connector instanceof RequestSaving saving ? saving.membersPerCall() : DEFAULT_MEMBERS_PER_CALL;
    }
}
