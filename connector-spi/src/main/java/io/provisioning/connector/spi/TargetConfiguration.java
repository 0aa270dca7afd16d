package io.provisioning.connector.spi;

import java.util.Map;
import java.util.Optional;

/**
 * The configuration of one target, {@code provisioning.targets.<id>.*} without the prefix.
 *
 * @param targetId   never null
 * @param type       the connector type, e.g. {@code ldap}
 * @param properties every other key of the target, e.g. {@code url}, {@code bind-dn}; never null
 */
public record TargetConfiguration(String targetId, String type, Map<String, String> properties) {

    public TargetConfiguration {
        properties = Map.copyOf(properties);
    }

    public Optional<String> get(String key) {
        return Optional.ofNullable(properties.get(key)).filter(value -> !value.isBlank());
    }

    public String get(String key, String fallback) {
        return get(key).orElse(fallback);
    }

    public int getInt(String key, int fallback) {
        return get(key).map(Integer::parseInt).orElse(fallback);
    }

    /**
     * @throws IllegalArgumentException naming the key if it is missing
     */
    public String require(String key) {
        return get(key).orElseThrow(() -> new IllegalArgumentException(
                "provisioning.targets." + targetId + "." + key + " is required"));
    }

    /** Never prints values: some are credentials. */
    @Override
    public String toString() {
        return "TargetConfiguration[" + targetId + ", type=" + type + ", keys=" + properties.keySet() + "]";
    }
}
