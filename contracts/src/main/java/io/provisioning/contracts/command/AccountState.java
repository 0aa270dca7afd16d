package io.provisioning.contracts.command;

/** The state a command asks an account to be in. */
public enum AccountState {
    /** The account exists and is enabled. */
    PRESENT,
    /** The account exists and cannot be used (locked / inactive). */
    DISABLED,
    /** The account does not exist. */
    ABSENT
}
