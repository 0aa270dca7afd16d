package io.provisioning.common.kafka;

import java.util.Map;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Properties for Kafka clients a service builds itself (besides its SmallRye channels): the
 * bootstrap servers and, for a secured broker (SASL, TLS), every {@code kafka.security.protocol}, {@code kafka.sasl.*} and
 * {@code kafka.ssl.*} key of the configuration (without the {@code kafka.} prefix).
 */
public final class KafkaClientProperties {

    private KafkaClientProperties() {
    }

    public static Map<String, Object> common(String bootstrapServers) {
        Map<String, Object> properties = new java.util.HashMap<>();
        properties.put("bootstrap.servers", bootstrapServers);
        Config config = ConfigProvider.getConfig();
        for (String name : config.getPropertyNames()) {
            if (name.equals("kafka.security.protocol") || name.startsWith("kafka.sasl.")
                    || name.startsWith("kafka.ssl.")) {
                config.getOptionalValue(name, String.class)
                        .ifPresent(value -> properties.put(name.substring("kafka.".length()), value));
            }
        }
        return properties;
    }
}
