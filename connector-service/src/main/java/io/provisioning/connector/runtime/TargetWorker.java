package io.provisioning.connector.runtime;

import io.provisioning.common.runtime.Retry;
import io.provisioning.connector.runtime.WorkerMetrics.BatchPhase;
import io.provisioning.connector.spi.Connector;
import io.provisioning.connector.spi.ConnectorException;
import io.provisioning.connector.spi.TestOp;
import io.provisioning.connector.store.CommandLog;
import io.provisioning.contracts.Topics;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jboss.logging.Logger;

/**
 * The worker of one target: consumes {@code provisioning.commands.<targetId>} with its own consumer
 * group and thread, hands each poll to its {@link CommandPipeline}, and commits the poll only once
 * every outcome is acknowledged and recorded. That settling runs on a thread of its own while the
 * next poll is applied ({@link SettlingBatch}). A slow or unreachable target holds up only this worker.
 */
final class TargetWorker implements Runnable {

    private static final Logger LOG = Logger.getLogger(TargetWorker.class);
    private static final Duration POLL_TIMEOUT = Duration.ofMillis(500);
    /** Shorter while a batch settles: with nothing new to apply, it is committed soon after it settled. */
    private static final Duration POLL_TIMEOUT_WHILE_SETTLING = Duration.ofMillis(50);

    private final String targetId;
    private final Connector connector;
    private final WorkerSettings settings;
    private final CommandPipeline pipeline;
    private final CommandLog log;
    private final WorkerMetrics metrics;
    private final Properties consumerProperties;
    private final AtomicBoolean running = new AtomicBoolean(true);
    /** Set when the loop ended while it was meant to run: the target's commands are then not applied. */
    private volatile boolean died;
    private final AtomicLong backlog = new AtomicLong(-1);
    private volatile KafkaConsumer<String, String> consumer;
    /** Settles the applied batches one after the other while the worker applies the next. */
    private final ExecutorService settler;
    /** The batch applied last, while it settles; the worker thread's only. */
    private SettlingBatch settling;
    private volatile String lastError;
    private volatile String health = "UNKNOWN";

    TargetWorker(String targetId, Connector connector, WorkerSettings settings, ExecutorService threads,
            CommandLog log, RecordPublisher publisher, WorkerMetrics metrics, Clock clock, String bootstrapServers) {
        this.targetId = targetId;
        this.connector = connector;
        this.settings = settings;
        this.log = log;
        this.metrics = metrics;
        this.pipeline = new CommandPipeline(targetId, connector, settings, threads, log, publisher, metrics, clock,
                running::get, error -> lastError = error);
        this.settler = Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "settle-" + targetId);
            thread.setDaemon(true);
            return thread;
        });
        this.consumerProperties = settings.consumerProperties(targetId, bootstrapServers);
    }

    public String targetId() {
        return targetId;
    }

    Connector connector() {
        return connector;
    }

    int concurrency() {
        return settings.concurrency();
    }

    /** The groups the target's configuration hands over, as configured. */
    List<String> managedGroups() {
        return settings.managedGroups().entries();
    }

    CircuitBreaker.State circuitState() {
        return pipeline.circuitState();
    }

    /** Commands waiting in the topic for this worker; -1 until known. */
    long backlog() {
        return backlog.get();
    }

    /** UP, DOWN or UNKNOWN, as the last connection test found it; DOWN whatever the target says once the worker died. */
    String health() {
        return died ? "DOWN" : health;
    }

    /** Whether the worker ended although it was meant to run (a fatal error in its thread). */
    boolean died() {
        return died;
    }

    /** Tests the connection to the target, if the connector can, and remembers the answer. */
    void probe() {
        if (connector instanceof TestOp tester) {
            try {
                tester.test();
                health = "UP";
            } catch (ConnectorException e) {
                health = "DOWN";
                lastError = e.getMessage();
            } catch (RuntimeException e) {
                health = "DOWN";
                lastError = "connection test failed: " + e.getClass().getSimpleName();
            }
        }
    }

    Optional<String> lastError() {
        return Optional.ofNullable(lastError);
    }

    void stop() {
        running.set(false);
        KafkaConsumer<String, String> current = consumer;
        if (current != null) {
            current.wakeup();
        }
    }

    @Override
    public void run() {
        try {
            while (running.get()) {
                consume();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            if (running.get()) {
                died = true;
                lastError = "the worker of target " + targetId + " stopped: its commands are not applied";
            }
            // a batch still settling is given the time to be recorded, so that it is not applied again
            settler.shutdown();
            try {
                settler.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * One consumer's life: polls, applies each batch and leaves it settling while it polls and
     * applies the next, then commits it. Commits stay in poll order, and a batch is committed only
     * once settled; whatever was not committed is consumed again, and what was settled of it is
     * then skipped (the command log has it).
     */
    private void consume() throws InterruptedException {
        try (KafkaConsumer<String, String> opened = new KafkaConsumer<>(consumerProperties,
                new StringDeserializer(), new StringDeserializer())) {
            consumer = opened;
            opened.subscribe(List.of(Topics.commands(targetId)));
            while (running.get()) {
                long polling = System.nanoTime();
                ConsumerRecords<String, String> records;
                try {
                    records = opened.poll(settling == null ? POLL_TIMEOUT : POLL_TIMEOUT_WHILE_SETTLING);
                } catch (WakeupException stopping) {
                    break;
                }
                // Should anything below fail, settling is the newest batch handed to the settling
                // thread: its end is the end of every batch before it.
                SettlingBatch previous = settling;
                if (!records.isEmpty()) {
                    metrics.batchPhase(targetId, BatchPhase.POLL, System.nanoTime() - polling);
                    settling = process(records, previous);
                } else {
                    settling = null;
                }
                commit(opened, previous);
                updateBacklog(opened);
            }
            commit(opened, settling);
            settling = null;
        } catch (WakeupException stopping) {
            // stopping while committing: what was not committed is consumed again, and skipped if settled
        } catch (RuntimeException e) {
            // Nothing of a failed poll is committed: it is consumed again; settled commands are skipped.
            lastError = e.getClass().getSimpleName() + ": " + e.getMessage();
            LOG.errorf("target %s: worker round failed (%s); restarting the consumer", targetId, lastError);
            if (settling != null) {
                settling.awaitEnd(); // so that the next consumer finds in the command log what it settled
                settling = null;
            }
            Retry.pause(Duration.ofSeconds(1));
        }
    }

    /** Commits a batch once it is settled; the time waited for it is the loop's "commit" phase. */
    private void commit(KafkaConsumer<String, String> current, SettlingBatch batch) throws InterruptedException {
        if (batch != null) {
            long waiting = System.nanoTime();
            current.commitSync(batch.awaitSettled());
            metrics.batchPhase(targetId, BatchPhase.COMMIT, System.nanoTime() - waiting);
        }
    }

    /**
     * Applies a batch and hands it to the settling thread, which settles the batches one after the
     * other: one settles only if the batch before it did, so that the command log never records a
     * command while an older one of the same poll order is consumed again.
     */
    private SettlingBatch process(ConsumerRecords<String, String> records, SettlingBatch previous)
            throws InterruptedException {
        Settlement settlement = pipeline.apply(records, previous, this::idle);
        Future<?> settled = settler.submit(() -> {
            if (previous != null) {
                previous.awaitSettled();
            }
            long started = System.nanoTime();
            settlement.awaitSent();
            log.record(settlement.completed());
            metrics.batchPhase(targetId, BatchPhase.SETTLE, System.nanoTime() - started);
            return null;
        });
        return new SettlingBatch(settled, nextOffsets(records), settlement.completed());
    }

    /** The attribute in which the target keeps the worker id; null if none. */
    String correlationAttribute() {
        return settings.correlationAttribute();
    }

    /**
     * Waits without consuming: the partitions are paused and the consumer keeps polling, so the
     * group does not evict this worker during a long backoff or an open circuit.
     */
    private void idle(Duration duration) throws InterruptedException {
        KafkaConsumer<String, String> current = consumer;
        Set<TopicPartition> assignment = current.assignment();
        current.pause(assignment);
        long until = System.nanoTime() + duration.toNanos();
        try {
            while (running.get() && System.nanoTime() < until) {
                long left = Math.max(1, (until - System.nanoTime()) / 1_000_000);
                ConsumerRecords<String, String> none = current.poll(Duration.ofMillis(Math.min(left, 200)));
                if (!none.isEmpty()) {
                    throw new IllegalStateException("records arrived while paused");
                }
            }
        } finally {
            current.resume(current.assignment());
        }
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
    }

    private void updateBacklog(KafkaConsumer<String, String> current) {
        long total = 0;
        for (TopicPartition partition : current.assignment()) {
            var lag = current.currentLag(partition);
            if (lag.isPresent()) {
                total += lag.getAsLong();
            }
        }
        backlog.set(total);
    }

    private static Map<TopicPartition, OffsetAndMetadata> nextOffsets(ConsumerRecords<String, String> records) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (TopicPartition partition : records.partitions()) {
            List<ConsumerRecord<String, String>> inPartition = records.records(partition);
            offsets.put(partition, new OffsetAndMetadata(inPartition.get(inPartition.size() - 1).offset() + 1));
        }
        return offsets;
    }
}
