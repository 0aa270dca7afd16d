package io.provisioning.stack;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

/**
 * How the tests, benchmarks and the demo reach the local stack's broker, which authenticates every
 * client: the client settings (bootstrap servers, SASL/SCRAM-SHA-512 credentials) of one of the
 * principals that {@code deploy/stack up} generated under the stack's {@code conf/kafka/clients}
 * ({@link StackPaths}).
 */
public final class StackKafka {

    /** The stack's super user: what the tests and benchmarks observe and set up with. */
    public static final String ADMIN = "admin";

    private StackKafka() {
    }

    /** The stack's super user's client settings. */
    public static Map<String, Object> admin() {
        return client(ADMIN);
    }

    /** One principal's client settings, e.g. {@code connector-service} or {@code hris-publisher}. */
    public static Map<String, Object> client(String principal) {
        Path file = clientFile(principal);
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + " (deploy/stack up writes it)", e);
        }
        Map<String, Object> settings = new HashMap<>();
        properties.forEach((key, value) -> settings.put((String) key, value));
        String bootstrap = System.getProperty("kafka.bootstrap.servers");
        if (bootstrap != null && !bootstrap.isBlank()) {
            settings.put("bootstrap.servers", bootstrap);
        }
        return settings;
    }

    /** The file holding one principal's client settings, for Kafka's own tools ({@code --producer.config}). */
    public static Path clientFile(String principal) {
        return StackPaths.conf().resolve("kafka/clients/" + principal + ".properties");
    }

    /** The stack's broker address, e.g. {@code 127.0.0.1:9092} (system property {@code kafka.bootstrap.servers} overrides it). */
    public static String bootstrapServers() {
        return (String) admin().get("bootstrap.servers");
    }
}
