package io.provisioning.connector.spi;

import java.util.Optional;

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

    /**
     * Disables the account and returns it as it was just before, in one request, where the
     * connector can do that without looking the account up first (an LDAP modify with the
     * pre-read control of RFC 4527): a leaver then costs the target one request, not a read and a
     * write. Where it cannot, for this account or at all (the default), it changes nothing and
     * returns empty, and the caller reads the account and disables it as usual.
     *
     * @return the account as it was before this call disabled it; empty if nothing was done
     * @throws RetryableException if the target could not be reached or was busy
     */
    default Optional<ConnectorAccount> disableReadingBefore(String accountId) {
        return Optional.empty();
    }
}
