package io.provisioning.connector.runtime;

import io.provisioning.connector.spi.TargetConfiguration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Finds the targets among configuration property names: {@code provisioning.targets.<id>.<key>},
 * a target being an id with a {@code type}.
 *
 * <p>An environment variable reaches the configuration under a name of its own: a key the
 * configuration files do not name, such as {@code PROVISIONING_TARGETS_CORP_LDAP_BATCH_SIZE}, is
 * seen as {@code provisioning.targets.corp.ldap.batch.size}, where the dashes of the target id and
 * of the key have become dots. Such a name is given to the configured target whose id it starts
 * with in that form ({@code corp-ldap}), and every key seen with dots is read with dashes
 * ({@code batch-size}): target keys are dashed words, never dotted. A key also set under its own
 * name keeps that name's value.
 */
final class TargetProperties {

    static final String PREFIX = "provisioning.targets.";

    private TargetProperties() {
    }

    /**
     * The enabled targets.
     *
     * @param names every property name of the configuration
     * @param value a property's value by its name
     * @throws IllegalArgumentException for keys that belong to no target with a type
     */
    static List<TargetConfiguration> discover(Iterable<String> names, Function<String, Optional<String>> value) {
        Map<String, Map<String, String>> byId = new TreeMap<>();
        for (String name : names) {
            if (!name.startsWith(PREFIX)) {
                continue;
            }
            String rest = name.substring(PREFIX.length());
            int dot = rest.indexOf('.');
            if (dot <= 0) {
                continue;
            }
            String id = rest.substring(0, dot);
            value.apply(name).ifPresent(v -> byId.computeIfAbsent(id, k -> new TreeMap<>()).put(rest.substring(dot + 1), v));
        }
        foldEnvironmentNames(byId);
        byId.values().forEach(TargetProperties::dashDottedKeys);
        List<TargetConfiguration> targets = new ArrayList<>();
        byId.forEach((id, keys) -> {
            if (Boolean.parseBoolean(keys.getOrDefault("enabled", "true"))) {
                String type = keys.get("type");
                if (type == null) {
                    throw new IllegalArgumentException(PREFIX + id + ".type is required (keys set for it: " + keys.keySet()
                            + "; an environment variable names a target id with dots where it has dashes, and only"
                            + " the ids of configured targets are recognised in that form)");
                }
                targets.add(new TargetConfiguration(id, type, keys));
            }
        });
        return targets;
    }

    /** A key seen with dots came from the environment: read with dashes, unless also set under that name. */
    private static void dashDottedKeys(Map<String, String> keys) {
        for (String key : List.copyOf(keys.keySet())) {
            if (key.contains(".")) {
                keys.putIfAbsent(key.replace('.', '-'), keys.remove(key));
            }
        }
    }

    /**
     * Moves the keys of ids without a type to the configured target they name in environment form,
     * left dotted for {@link #dashDottedKeys}.
     */
    private static void foldEnvironmentNames(Map<String, Map<String, String>> byId) {
        List<String> dashedTargets = byId.entrySet().stream().filter(e -> e.getValue().containsKey("type"))
                .map(Map.Entry::getKey).filter(id -> id.contains("-")).toList();
        for (String id : List.copyOf(byId.keySet())) {
            Map<String, String> keys = byId.get(id);
            if (keys.containsKey("type")) {
                continue;
            }
            for (String key : List.copyOf(keys.keySet())) {
                String dotted = id + "." + key;
                dashedTargets.stream().filter(target -> dotted.length() > target.length() + 1
                                && dotted.startsWith(target.replace('-', '.') + "."))
                        .findFirst().ifPresent(target -> byId.get(target)
                                .putIfAbsent(dotted.substring(target.length() + 1), keys.remove(key)));
            }
            if (keys.isEmpty()) {
                byId.remove(id);
            }
        }
    }
}
