package io.provisioning.connector.runtime;

import io.provisioning.connector.spi.TargetConfiguration;
import io.provisioning.contracts.command.ProvisioningCommand;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The groups the product may change in one target, as the target's own configuration hands them
 * over ({@code provisioning.targets.<id>.managed-groups}: comma-separated names, or prefixes ending
 * in {@code *}), never as a command says. A command's {@code groups} and {@code managedGroups} come
 * from whoever wrote to the commands topic; the connector acts with the target's administrative
 * credentials. So a command that names a group outside this set, to put an account in or to take it
 * out of, is refused whole: nobody who can write a command can make a member of a group the
 * target's operator did not hand to the product. Names compare without regard to case, as
 * directories do.
 */
final class ManagedGroups {

    static final String KEY = "managed-groups";

    private final String targetId;
    private final Set<String> names = new HashSet<>();
    private final List<String> prefixes = new ArrayList<>();
    private final List<String> entries = new ArrayList<>();

    private ManagedGroups(String targetId) {
        this.targetId = targetId;
    }

    /**
     * @throws IllegalArgumentException for a pattern that would hand over every group ({@code *})
     */
    static ManagedGroups from(TargetConfiguration config) {
        ManagedGroups managed = new ManagedGroups(config.targetId());
        for (String entry : config.get(KEY, "").split(",")) {
            String group = entry.trim().toLowerCase(Locale.ROOT);
            if (group.isEmpty()) {
                continue;
            }
            managed.entries.add(entry.trim());
            if (group.endsWith("*")) {
                String prefix = group.substring(0, group.length() - 1);
                if (prefix.isBlank() || prefix.contains("*")) {
                    throw new IllegalArgumentException(TargetProperties.PREFIX + config.targetId() + "." + KEY
                            + ": '" + entry.trim() + "' would hand over every group; name the groups, or a prefix"
                            + " such as app-*");
                }
                managed.prefixes.add(prefix);
            } else {
                managed.names.add(group);
            }
        }
        return managed;
    }

    /** The names and prefixes as configured, for operators to compare with the policy. */
    List<String> entries() {
        return List.copyOf(entries);
    }

    /** Whether the configuration hands over no group at all. */
    boolean none() {
        return names.isEmpty() && prefixes.isEmpty();
    }

    boolean covers(String group) {
        if (group == null) {
            return false;
        }
        String name = group.toLowerCase(Locale.ROOT);
        if (names.contains(name)) {
            return true;
        }
        for (String prefix : prefixes) {
            if (name.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Why the command may not be applied: the first group it names that the target's configuration
     * does not hand over; empty when it may.
     */
    Optional<String> refusal(ProvisioningCommand command) {
        for (List<String> groups : List.of(command.groups(), command.managedGroups())) {
            for (String group : groups) {
                if (!covers(group)) {
                    return Optional.of("group '" + group + "' is not among the groups handed over to the product in "
                            + targetId + " (" + TargetProperties.PREFIX + targetId + "." + KEY
                            + "); the command was not applied");
                }
            }
        }
        return Optional.empty();
    }
}
