package io.provisioning.connector.runtime;

import io.provisioning.common.kafka.KafkaClientProperties;
import io.provisioning.connector.spi.TargetConfiguration;
import java.time.Duration;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;

/**
 * How the worker of one target runs ({@code provisioning.targets.<id>.*}, next to the connector's
 * own keys): {@code concurrency} (threads applying commands), {@code batch-size} (commands per
 * poll), {@code batch-wait-ms} (how long the broker may hold a poll to gather more commands),
 * {@code max-attempts}, {@code backoff-initial-ms}, {@code backoff-max-ms},
 * {@code circuit-failure-threshold} (failed attempts in a row that open the circuit) and
 * {@code circuit-open-ms} (how long it stays open before one trial), {@code correlation-attribute}
 * (the attribute in which the target keeps the worker id: by default {@code employeeNumber} for
 * LDAP, {@code externalId} for SCIM, {@code employee_number} for JDBC; {@code none} for no such
 * attribute). An account found under a command's name that carries another worker's id, or none
 * and was never written by the product, is never taken over; {@code adopt-unmarked-accounts=true}
 * relaxes the second half for a target that does not return the correlation attribute.
 * {@code managed-groups}: the groups the product may change in the target ({@link ManagedGroups}).
 */
record WorkerSettings(
        int concurrency,
        int batchSize,
        Duration batchWait,
        int maxAttempts,
        Duration backoffInitial,
        Duration backoffMax,
        int circuitFailureThreshold,
        Duration circuitOpen,
        String correlationAttribute,
        boolean adoptUnmarkedAccounts,
        ManagedGroups managedGroups) {

    /** Below the poll timeout of the worker loop, which must not return empty while the broker waits. */
    static final int MAX_BATCH_WAIT_MS = 400;
    private static final int FETCH_MIN_BYTES = 256 * 1024;

    /** The settings of the target's command consumer: its own group, commits by the worker only. */
    Properties consumerProperties(String targetId, String bootstrapServers) {
        Properties properties = new Properties();
        properties.putAll(KafkaClientProperties.common(bootstrapServers));
        properties.put(ConsumerConfig.GROUP_ID_CONFIG, "connector-service." + targetId);
        properties.put(ConsumerConfig.CLIENT_ID_CONFIG, "connector-" + targetId);
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        properties.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, Integer.toString(batchSize));
        // The broker answers a fetch once it holds this much or the batch wait is over: under load
        // at once, under a trickle after at most the wait, with what gathered meanwhile.
        properties.put(ConsumerConfig.FETCH_MIN_BYTES_CONFIG, Integer.toString(FETCH_MIN_BYTES));
        properties.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, Long.toString(batchWait.toMillis()));
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        // A crashed worker keeps its partitions until its session times out (Kafka's default 45 s).
        properties.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, "10000");
        properties.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, "3000");
        return properties;
    }

    private static String correlationAttribute(TargetConfiguration config) {
        String configured = config.get("correlation-attribute", switch (config.type()) {
            case "ldap" -> "employeeNumber";
            case "scim" -> "externalId";
            case "jdbc" -> "employee_number";
            default -> "none";
        }).trim();
        return configured.isEmpty() || configured.equalsIgnoreCase("none") ? null : configured;
    }

    static WorkerSettings from(TargetConfiguration config) {
        WorkerSettings settings = new WorkerSettings(
                config.getInt("concurrency", 8),
                config.getInt("batch-size", 500),
                // Commands trickling in one by one would each cost the target a write of every
                // group they touch (one for a whole batch otherwise): a short wait gathers them.
                Duration.ofMillis(config.getInt("batch-wait-ms", 50)),
                // with the circuit's pauses, eight attempts outlast a target down for about 80 s (a
                // directory restarting); five ran out within a 30-second outage of OpenLDAP
                config.getInt("max-attempts", 8),
                Duration.ofMillis(config.getInt("backoff-initial-ms", 500)),
                Duration.ofMillis(config.getInt("backoff-max-ms", 30_000)),
                config.getInt("circuit-failure-threshold", 3),
                Duration.ofMillis(config.getInt("circuit-open-ms", 15_000)),
                correlationAttribute(config),
                Boolean.parseBoolean(config.get("adopt-unmarked-accounts", "false")),
                ManagedGroups.from(config));
        if (settings.concurrency < 1 || settings.batchSize < 1 || settings.maxAttempts < 1
                || settings.circuitFailureThreshold < 1) {
            throw new IllegalArgumentException("provisioning.targets." + config.targetId()
                    + ": concurrency, batch-size, max-attempts and circuit-failure-threshold must be at least 1");
        }
        if (settings.batchWait.isNegative() || settings.batchWait.toMillis() > MAX_BATCH_WAIT_MS) {
            throw new IllegalArgumentException("provisioning.targets." + config.targetId()
                    + ": batch-wait-ms must be between 0 and " + MAX_BATCH_WAIT_MS);
        }
        return settings;
    }
}
