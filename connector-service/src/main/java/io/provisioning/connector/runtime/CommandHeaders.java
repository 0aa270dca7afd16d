package io.provisioning.connector.runtime;

/** Kafka headers with which a command is re-published, and what they allow the worker to do. */
public final class CommandHeaders {

    /** An operator re-runs a dead letter: the command runs although it failed before. */
    public static final String RETRY = "provisioning-retry";

    /**
     * Reconciliation re-issues the desired state of an account's newest sequence: it is applied
     * again although that sequence was applied before (someone changed the account since).
     */
    public static final String REPAIR = "provisioning-repair";

    private CommandHeaders() {
    }
}
