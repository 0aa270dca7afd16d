package io.provisioning.connector.runtime;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.provisioning.contracts.command.OutcomeStatus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * The workers' metrics: outcomes by target and status, duplicates skipped, the time from a
 * command's issue in policy-service to its settled outcome, and where a batch spends its time.
 */
@ApplicationScoped
public class WorkerMetrics {

    @Inject
    MeterRegistry registry;

    void outcome(String targetId, OutcomeStatus status) {
        Counter.builder("provisioning.connector.outcomes")
                .description("Outcomes published, by target and status")
                .tag("target", targetId).tag("status", status.name())
                .register(registry).increment();
    }

    void duplicate(String targetId) {
        Counter.builder("provisioning.connector.duplicates")
                .description("Commands received again after they were settled, skipped")
                .tag("target", targetId)
                .register(registry).increment();
    }

    /** From the HR event's acceptance by hr-ingest to the target's acknowledgement: the product's promise. */
    void endToEnd(String targetId, Long millis) {
        if (millis != null) {
            Timer.builder("provisioning.end.to.end.latency")
                    .description("From an HR event's acceptance by hr-ingest to the target's acknowledgement")
                    .tag("target", targetId)
                    .publishPercentileHistogram()
                    .minimumExpectedValue(Duration.ofMillis(10))
                    .maximumExpectedValue(Duration.ofMinutes(10))
                    .register(registry).record(Duration.ofMillis(millis));
        }
    }

    void latency(String targetId, Instant issuedAt, Instant settledAt) {
        if (issuedAt != null) {
            Timer.builder("provisioning.connector.command.latency")
                    .description("From a command's issue in policy-service to its settled outcome")
                    .tag("target", targetId)
                    .publishPercentiles(0.5, 0.95, 0.99)
                    .register(registry).record(Duration.between(issuedAt, settledAt));
        }
    }

    /** The phases of a worker's loop, in the order they run for each batch. */
    enum BatchPhase {
        /** the poll that returned the batch, waiting for commands included */
        POLL,
        /** reading the commands, dropping those settled before or superseded */
        RECEIVE,
        /** the account steps */
        ACCOUNTS,
        /** the group changes */
        GROUPS,
        /** the outcomes built and handed to the producer */
        REPORT,
        /**
         * the outcomes acknowledged by the broker, the commands recorded; on a thread of its own
         * while the next batch is applied
         */
        SETTLE,
        /** waiting, after the next batch, until this one is settled, and committing it */
        COMMIT;

        private final String tag = name().toLowerCase(Locale.ROOT);
    }

    /** How long a phase of a worker's batch took. */
    void batchPhase(String targetId, BatchPhase phase, long nanos) {
        Timer.builder("provisioning.connector.batch.phase")
                .description("Time a worker's batch spent in each phase: poll, receive, accounts, groups, report, settle, commit")
                .tag("target", targetId).tag("phase", phase.tag)
                .register(registry).record(nanos, TimeUnit.NANOSECONDS);
    }
}
