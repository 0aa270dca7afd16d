package io.provisioning.contracts.command;

/** One kind of change a connector made to an account. */
public enum ChangeKind {
    ACCOUNT_CREATED,
    ACCOUNT_ENABLED,
    ACCOUNT_DISABLED,
    ACCOUNT_DELETED,
    ATTRIBUTE_SET,
    ATTRIBUTE_REMOVED,
    GROUP_ADDED,
    GROUP_REMOVED,
    /** The account had another name in the target and was renamed; {@code values}: the old name. */
    ACCOUNT_RENAMED
}
