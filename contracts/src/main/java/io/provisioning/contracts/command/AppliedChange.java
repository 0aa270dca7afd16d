package io.provisioning.contracts.command;

import java.util.List;

/**
 * One change a connector made.
 *
 * @param kind      never null
 * @param name      the attribute or group concerned; null for account-level changes
 * @param values    the new values of an attribute; empty otherwise
 */
public record AppliedChange(ChangeKind kind, String name, List<String> values) {

    public AppliedChange {
        values = values == null ? List.of() : values;
    }

    public static AppliedChange of(ChangeKind kind) {
        return new AppliedChange(kind, null, List.of());
    }

    public static AppliedChange of(ChangeKind kind, String name) {
        return new AppliedChange(kind, name, List.of());
    }
}
