package io.provisioning.connector.runtime;

import io.provisioning.connector.spi.TargetConfiguration;
import java.time.Duration;

/**
 * How the worker of one target runs ({@code provisioning.targets.<id>.*}, next to the connector's
 * own keys): {@code concurrency} (threads applying commands), {@code batch-size} (commands per
 * poll), {@code max-attempts}, {@code backoff-initial-ms}, {@code backoff-max-ms},
 * {@code circuit-failure-threshold} (failed attempts in a row that open the circuit) and
 * {@code circuit-open-ms} (how long it stays open before one trial).
 */
record WorkerSettings(
        int concurrency,
        int batchSize,
        int maxAttempts,
        Duration backoffInitial,
        Duration backoffMax,
        int circuitFailureThreshold,
        Duration circuitOpen) {

    static WorkerSettings from(TargetConfiguration config) {
        WorkerSettings settings = new WorkerSettings(
                config.getInt("concurrency", 8),
                config.getInt("batch-size", 500),
                config.getInt("max-attempts", 5),
                Duration.ofMillis(config.getInt("backoff-initial-ms", 500)),
                Duration.ofMillis(config.getInt("backoff-max-ms", 30_000)),
                config.getInt("circuit-failure-threshold", 3),
                Duration.ofMillis(config.getInt("circuit-open-ms", 15_000)));
        if (settings.concurrency < 1 || settings.batchSize < 1 || settings.maxAttempts < 1
                || settings.circuitFailureThreshold < 1) {
            throw new IllegalArgumentException("provisioning.targets." + config.targetId()
                    + ": concurrency, batch-size, max-attempts and circuit-failure-threshold must be at least 1");
        }
        return settings;
    }
}
