package io.provisioning.policy.lifecycle;

/** Effective-dated actions, run from the durable schedule when they fall due. */
public enum ActionType {
    /** A future hire or rehire starts: accounts are provisioned. */
    ACTIVATE,
    /** A future-dated change of the worker record takes effect. */
    APPLY_UPDATE,
    /** A leave of absence starts: accounts are disabled. */
    START_LEAVE,
    /** A leave ends: accounts are restored. */
    END_LEAVE,
    /** A termination takes effect: accounts are disabled and their groups revoked. */
    TERMINATE,
    /** A contract ends on its end date: like a termination. */
    EXPIRE,
    /** Announces on policy.changes that a contract is about to end. */
    NOTIFY_EXPIRY,
    /** The grace period after a termination is over: accounts are deleted. */
    DELETE_ACCOUNTS,
    /** The worker's sponsor left: notice is given, and access ends after the policy's days unless HR names another. */
    SPONSOR_LEFT,
    /** Those days are over and HR named no new sponsor: like a termination. */
    EXPIRE_UNSPONSORED,
    /** An access request's stage got no decision in time: the request expires (payload: request id/stage). */
    REQUEST_DECISION_DUE,
    /** An approved access request's start: the group joins the worker's desired state (payload: request id). */
    GRANT_START,
    /** A granted access request's end: the group leaves the worker's desired state (payload: request id). */
    GRANT_END;

    /** The actions of the worker's own lifecycle; a new hire record replaces them, never a request's. */
    public static final ActionType[] LIFECYCLE = {ACTIVATE, APPLY_UPDATE, START_LEAVE, END_LEAVE, TERMINATE, EXPIRE,
        NOTIFY_EXPIRY, DELETE_ACCOUNTS, SPONSOR_LEFT, EXPIRE_UNSPONSORED};

    public boolean ofRequest() {
        return this == REQUEST_DECISION_DUE || this == GRANT_START || this == GRANT_END;
    }
}
