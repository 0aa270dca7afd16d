package io.provisioning.connector.reconciliation;

import io.provisioning.connector.spi.ConnectorAccount;
import io.provisioning.contracts.command.AccountState;
import io.provisioning.contracts.command.ProvisioningCommand;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Compares one account as the target holds it with the desired state (the newest command for it).
 * Groups are compared only within the command's managed groups; attributes only where the command
 * names them.
 */
public final class DriftDetector {

    private DriftDetector() {
    }

    /** The drift of an account that exists in the target; {@code desired} null means no identity claims it. */
    public static List<DriftItem> compare(ConnectorAccount actual, ProvisioningCommand desired) {
        List<DriftItem> items = new ArrayList<>();
        if (desired == null) {
            items.add(new DriftItem("ORPHAN", actual.accountId(), null,
                    "no identity has this account" + (actual.enabled() ? "; it is enabled" : "; it is disabled")));
            return items;
        }
        if (desired.state() == AccountState.ABSENT) {
            items.add(new DriftItem("STATE_DRIFT", actual.accountId(), desired.workerId(),
                    "exists but should have been deleted"));
            return items;
        }
        boolean shouldBeEnabled = desired.state() == AccountState.PRESENT;
        if (actual.enabled() != shouldBeEnabled) {
            items.add(new DriftItem("STATE_DRIFT", actual.accountId(), desired.workerId(),
                    actual.enabled() ? "enabled but should be disabled" : "disabled but should be enabled"));
        }
        groupDrift(actual, desired).ifPresent(items::add);
        attributeDrift(actual, desired).ifPresent(items::add);
        return items;
    }

    /** The drift of an account the desired state wants but the target does not have. */
    public static DriftItem missing(ProvisioningCommand desired) {
        return new DriftItem("MISSING", desired.accountId(), desired.workerId(),
                "should exist " + (desired.state() == AccountState.PRESENT ? "enabled" : "disabled") + " but does not");
    }

    /** The managed groups the account holds that its desired state does not give it (lower case). */
    public static Set<String> extraGroups(ConnectorAccount actual, ProvisioningCommand desired) {
        Set<String> extra = heldManaged(actual, desired);
        extra.removeAll(lower(desired.groups()));
        return extra;
    }

    private static Set<String> heldManaged(ConnectorAccount actual, ProvisioningCommand desired) {
        Set<String> managed = lower(desired.managedGroups());
        Set<String> held = new TreeSet<>();
        actual.groups().forEach(group -> {
            if (managed.contains(group.toLowerCase())) {
                held.add(group.toLowerCase());
            }
        });
        return held;
    }

    private static java.util.Optional<DriftItem> groupDrift(ConnectorAccount actual, ProvisioningCommand desired) {
        Set<String> wanted = lower(desired.groups());
        Set<String> held = heldManaged(actual, desired);
        Set<String> missing = new TreeSet<>(wanted);
        missing.removeAll(held);
        Set<String> extra = extraGroups(actual, desired);
        if (missing.isEmpty() && extra.isEmpty()) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(new DriftItem("GROUP_DRIFT", actual.accountId(), desired.workerId(),
                (missing.isEmpty() ? "" : "missing " + String.join(", ", missing))
                        + (!missing.isEmpty() && !extra.isEmpty() ? "; " : "")
                        + (extra.isEmpty() ? "" : "extra " + String.join(", ", extra))));
    }

    private static java.util.Optional<DriftItem> attributeDrift(ConnectorAccount actual, ProvisioningCommand desired) {
        Map<String, List<String>> current = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        current.putAll(actual.attributes());
        Set<String> differing = new TreeSet<>();
        desired.attributes().forEach((name, values) -> {
            List<String> present = current.getOrDefault(name, List.of());
            if (!new LinkedHashSet<>(values).equals(new LinkedHashSet<>(present))) {
                differing.add(name);
            }
        });
        return differing.isEmpty()
                ? java.util.Optional.empty()
                : java.util.Optional.of(new DriftItem("ATTRIBUTE_DRIFT", actual.accountId(), desired.workerId(),
                        "differs: " + String.join(", ", differing)));
    }

    private static Set<String> lower(List<String> groups) {
        Set<String> lowered = new TreeSet<>();
        groups.forEach(group -> lowered.add(group.toLowerCase()));
        return lowered;
    }
}
