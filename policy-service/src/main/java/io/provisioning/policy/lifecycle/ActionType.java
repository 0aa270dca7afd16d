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
    EXPIRE_UNSPONSORED
}
