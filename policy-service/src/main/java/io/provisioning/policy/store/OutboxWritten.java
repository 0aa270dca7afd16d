package io.provisioning.policy.store;

/**
 * Fired once by a transaction that adds to the outbox; observed after it commits (by the relay,
 * which then publishes at once instead of at its next look).
 */
public final class OutboxWritten {

    static final OutboxWritten INSTANCE = new OutboxWritten();

    private OutboxWritten() {
    }
}
