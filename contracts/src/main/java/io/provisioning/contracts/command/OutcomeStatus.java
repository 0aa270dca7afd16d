package io.provisioning.contracts.command;

/** What became of a command. */
public enum OutcomeStatus {
    /** The target was changed to the desired state; {@code changes} lists what changed. */
    APPLIED,
    /** The target already was in the desired state, or the command was a duplicate or stale. */
    NOOP,
    /** An attempt failed and will be retried. */
    RETRYING,
    /** Every attempt failed, or the failure is permanent; the command is on the dead-letter topic. */
    FAILED,
    /**
     * An account with the command's name exists in the target and belongs to someone else (another
     * worker's id in the correlation attribute, or none and never written by the product): nothing
     * was changed, and the command is on the dead-letter topic. policy-service gives the worker the
     * next free name, unless the target is configured to stop at a conflict.
     */
    CONFLICT
}
