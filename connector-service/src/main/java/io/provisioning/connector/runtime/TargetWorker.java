package io.provisioning.connector.runtime;

import io.provisioning.common.kafka.KafkaClientProperties;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.provisioning.connector.execution.AccountOwnership;
import io.provisioning.connector.execution.CommandExecutor;
import io.provisioning.connector.execution.CommandResult;
import io.provisioning.connector.runtime.WorkerMetrics.BatchPhase;
import io.provisioning.connector.spi.Connector;
import io.provisioning.connector.spi.ConnectorAccount;
import io.provisioning.connector.spi.ConnectorException;
import io.provisioning.connector.spi.GetOp;
import io.provisioning.connector.store.CommandLog;
import io.provisioning.connector.store.CompletedCommand;
import io.provisioning.contracts.Json;
import io.provisioning.contracts.Topics;
import io.provisioning.contracts.command.AccountState;
import io.provisioning.contracts.command.OutcomeStatus;
import io.provisioning.contracts.command.ProvisioningCommand;
import io.provisioning.contracts.command.ProvisioningOutcome;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
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
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jboss.logging.Logger;

/**
 * The worker of one target: consumes {@code provisioning.commands.<targetId>} with its own consumer
 * group and thread, applies each poll's commands through a {@link CommandExecutor}, retries the
 * retryable failures with backoff behind the target's circuit breaker, dead-letters the rest, and
 * commits the poll only once every outcome is acknowledged and recorded. That settling runs on a
 * thread of its own while the next poll is applied ({@link SettlingBatch}). A slow or unreachable
 * target holds up only this worker.
 */
final class TargetWorker implements Runnable {

    private static final Logger LOG = Logger.getLogger(TargetWorker.class);
    private static final ObjectMapper MAPPER = Json.mapper();
    private static final int FETCH_MIN_BYTES = 256 * 1024;
    private static final Duration POLL_TIMEOUT = Duration.ofMillis(500);
    /** Shorter while a batch settles: with nothing new to apply, it is committed soon after it settled. */
    private static final Duration POLL_TIMEOUT_WHILE_SETTLING = Duration.ofMillis(50);


    private final String targetId;
    private final Connector connector;
    private final WorkerSettings settings;
    private final CommandExecutor executor;
    private final CommandLog log;
    private final RecordPublisher publisher;
    private final WorkerMetrics metrics;
    private final Clock clock;
    private final Backoff backoff;
    private final CircuitBreaker circuit;
    private final Properties consumerProperties;
    private final AtomicBoolean running = new AtomicBoolean(true);
    /** The longest command, account or worker id a command may carry (account names are at most 256). */
    private static final int MAX_ID = 256;
    /** Whether the worker thread is in its loop; false before it starts and once it has ended. */
    private volatile boolean looping;
    /** Set when the loop ended while it was meant to run: the target's commands are then not applied. */
    private volatile boolean died;
    private final AtomicLong backlog = new AtomicLong(-1);
    private volatile KafkaConsumer<String, String> consumer;
    /** Settles the applied batches one after the other while the worker applies the next. */
    private final ExecutorService settler;
    /** The batch applied last, while it settles; the worker thread's only. */
    private SettlingBatch settling;
    private volatile String lastError;
    /** The attribute in which the target keeps the worker id; null if it keeps none. */
    private final String correlationAttribute;
    /** Of the batch being run: the accounts a command was applied to before. The worker thread's only. */
    private Set<String> appliedBefore = Set.of();
    private volatile String health = "UNKNOWN";

    TargetWorker(String targetId, Connector connector, WorkerSettings settings, ExecutorService threads,
            CommandLog log, RecordPublisher publisher, WorkerMetrics metrics, Clock clock, String bootstrapServers) {
        this.targetId = targetId;
        this.connector = connector;
        this.settings = settings;
        this.correlationAttribute = settings.correlationAttribute();
        this.executor = new CommandExecutor(connector, threads, (phase, nanos) -> metrics.batchPhase(targetId,
                phase == CommandExecutor.Phase.ACCOUNTS ? BatchPhase.ACCOUNTS : BatchPhase.GROUPS, nanos));
        this.log = log;
        this.publisher = publisher;
        this.settler = Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "settle-" + targetId);
            thread.setDaemon(true);
            return thread;
        });
        this.metrics = metrics;
        this.clock = clock;
        this.backoff = new Backoff(settings.backoffInitial(), settings.backoffMax());
        this.circuit = new CircuitBreaker(settings.circuitFailureThreshold(), settings.circuitOpen(), clock);
        this.consumerProperties = new Properties();
        consumerProperties.putAll(KafkaClientProperties.common(bootstrapServers));
        consumerProperties.put(ConsumerConfig.GROUP_ID_CONFIG, "connector-service." + targetId);
        consumerProperties.put(ConsumerConfig.CLIENT_ID_CONFIG, "connector-" + targetId);
        consumerProperties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        consumerProperties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        consumerProperties.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, Integer.toString(settings.batchSize()));
        // The broker answers a fetch once it holds this much or the batch wait is over: under load
        // at once, under a trickle after at most the wait, with what gathered meanwhile.
        consumerProperties.put(ConsumerConfig.FETCH_MIN_BYTES_CONFIG, Integer.toString(FETCH_MIN_BYTES));
        consumerProperties.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, Long.toString(settings.batchWait().toMillis()));
        consumerProperties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        // A crashed worker keeps its partitions until its session times out (Kafka's default 45 s).
        consumerProperties.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, "10000");
        consumerProperties.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, "3000");
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
        return circuit.state();
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
        if (connector instanceof io.provisioning.connector.spi.TestOp tester) {
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
        looping = true;
        try {
            while (running.get()) {
                consume();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            looping = false;
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
            pause(Duration.ofSeconds(1));
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
        long receiving = System.nanoTime();
        List<Future<RecordMetadata>> sent = new ArrayList<>();
        List<CompletedCommand> completed = new ArrayList<>();
        Map<String, Received> runnable = new LinkedHashMap<>();
        for (ConsumerRecord<String, String> record : records) {
            receive(record, runnable, sent, completed);
        }
        List<Received> commands = dropSettledAndStale(new ArrayList<>(runnable.values()), previous, sent, completed);
        metrics.batchPhase(targetId, BatchPhase.RECEIVE, System.nanoTime() - receiving);
        runWithRetries(commands, sent, completed);
        Future<?> settled = settler.submit(() -> {
            if (previous != null) {
                previous.awaitSettled();
            }
            long started = System.nanoTime();
            RecordPublisher.awaitAll(sent);
            log.record(completed);
            metrics.batchPhase(targetId, BatchPhase.SETTLE, System.nanoTime() - started);
            return null;
        });
        return new SettlingBatch(settled, nextOffsets(records), completed);
    }

    /**
     * A command as received, with what the worker needs to settle it.
     *
     * @param outcomeIds what its outcome ids start with: the command id, which makes a re-execution after a
     *                   crash report under the same ids (and audit keep one); for an operator's retry also the
     *                   retry record, which makes each retry's outcomes facts of their own
     */
    private record Received(ProvisioningCommand command, String raw, boolean operatorRetry, boolean repair,
            String outcomeIds) {
    }

    private static boolean tooLong(String id) {
        return id != null && id.length() > MAX_ID;
    }

    /** The attribute in which the target keeps the worker id; null if none. */
    String correlationAttribute() {
        return correlationAttribute;
    }

    private void receive(ConsumerRecord<String, String> record, Map<String, Received> runnable,
            List<Future<RecordMetadata>> sent, List<CompletedCommand> completed) {
        ProvisioningCommand command;
        try {
            command = MAPPER.readValue(record.value(), ProvisioningCommand.class);
            if (command.commandId() == null || command.accountId() == null || command.state() == null
                    || !targetId.equals(command.targetId())) {
                throw new IllegalArgumentException("commandId, accountId, state and targetId " + targetId + " are required");
            }
            // ids longer than any the product makes would not fit the command log's index: refused, not retried forever
            if (tooLong(command.commandId()) || tooLong(command.accountId()) || tooLong(command.workerId())) {
                throw new IllegalArgumentException("commandId, accountId and workerId are at most " + MAX_ID + " characters");
            }
        } catch (Exception e) {
            String id = "unparseable:" + record.topic() + ":" + record.partition() + ":" + record.offset();
            String reason = "not a provisioning command for " + targetId + ": " + e.getClass().getSimpleName();
            LOG.warnf("target %s: %s at %d@%d; dead-lettered", targetId, reason, record.partition(), record.offset());
            sent.add(deadLetter(record.key(), record.value() == null ? "" : record.value(), "INVALID_COMMAND", reason, 0));
            completed.add(new CompletedCommand(id, targetId, record.key(), null, 0, "FAILED", 0, "INVALID_COMMAND",
                    reason, record.value() == null ? "" : record.value()));
            metrics.outcome(targetId, OutcomeStatus.FAILED);
            return;
        }
        boolean retry = record.headers().lastHeader(CommandHeaders.RETRY) != null;
        boolean repair = record.headers().lastHeader(CommandHeaders.REPAIR) != null;
        // The same command twice in one poll is one command.
        String outcomeIds = retry
                ? command.commandId() + "/retry-" + record.partition() + "-" + record.offset()
                : command.commandId();
        runnable.putIfAbsent(command.commandId(), new Received(command, record.value(), retry, repair, outcomeIds));
    }

    private List<Received> dropSettledAndStale(List<Received> received, SettlingBatch settling,
            List<Future<RecordMetadata>> sent, List<CompletedCommand> completed) {
        Map<String, String> settled = new HashMap<>(log.statuses(received.stream().map(r -> r.command().commandId()).toList()));
        Map<String, Long> newest = new HashMap<>(log.lastSequences(targetId,
                received.stream().map(r -> r.command().accountId()).distinct().toList()));
        if (settling != null) {
            settling.addTo(settled, newest);
        }
        // the accounts the product has written before: only those may be taken as the worker's without proof
        appliedBefore = Set.copyOf(newest.keySet());
        List<Received> runnable = new ArrayList<>();
        for (Received r : received) {
            ProvisioningCommand command = r.command();
            String status = settled.get(command.commandId());
            if (status != null && !(status.equals("FAILED") && r.operatorRetry())) {
                metrics.duplicate(targetId);
                LOG.debugf("target %s: command %s already %s; skipped", targetId, command.commandId(), status);
                continue;
            }
            Long last = newest.get(command.accountId());
            boolean stale = r.repair() ? command.sequence() < last(last) : last != null && command.sequence() <= last;
            if (stale) {
                reportStale(command, last, sent, completed, r.raw());
                continue;
            }
            newest.put(command.accountId(), command.sequence());
            runnable.add(r);
        }
        return runnable;
    }

    private static long last(Long last) {
        return last == null ? Long.MIN_VALUE : last;
    }

    private void reportStale(ProvisioningCommand command, long last, List<Future<RecordMetadata>> sent,
            List<CompletedCommand> completed, String raw) {
        metrics.outcome(targetId, OutcomeStatus.NOOP);
        completed.add(settled(command, "NOOP", 0, "STALE_SEQUENCE", null, raw));
        try {
            Optional<ConnectorAccount> account = connector instanceof GetOp reader
                    ? reader.get(command.accountId())
                    : Optional.empty();
            AccountState state = account.map(a -> a.enabled() ? AccountState.PRESENT : AccountState.DISABLED)
                    .orElse(AccountState.ABSENT);
            List<String> groups = account.map(a -> managedGroupsHeld(command, a.groups())).orElse(List.of());
            sent.add(publish(Outcomes.stale(command, last, state, groups, clock.instant())));
        } catch (ConnectorException e) {
            // The account could not be read: nothing is reported rather than a state that was not seen.
            LOG.infof("target %s: stale command %s not reported, account unreadable (%s)",
                    targetId, command.commandId(), e.code());
        }
    }

    private void runWithRetries(List<Received> commands, List<Future<RecordMetadata>> sent,
            List<CompletedCommand> completed) throws InterruptedException {
        // By command id (unique in a batch, see receive): a command record's own hashCode walks all
        // of its attributes and groups, for every put, get and remove.
        Map<String, Received> pending = new LinkedHashMap<>();
        // one for the batch and its retries: an account created by one of its commands is the product's for the next
        AccountOwnership ownership = new AccountOwnership(correlationAttribute, appliedBefore::contains,
                settings.adoptUnmarkedAccounts());
        for (Received received : commands) {
            Optional<String> refusal = settings.managedGroups().refusal(received.command());
            if (refusal.isPresent()) {
                // never reaches the target: a group outside the configured ones is not the product's to change
                fail(new CommandResult(received.command(), false, null, List.of(), List.of(),
                        new GroupNotManagedException(refusal.get())), received, 0, 0, sent, completed);
            } else {
                pending.put(received.command().commandId(), received);
            }
        }
        int attempt = 1;
        while (!pending.isEmpty() && running.get()) {
            awaitCircuit();
            long started = System.nanoTime();
            List<CommandResult> results = executor.execute(pending.values().stream().map(Received::command).toList(),
                    ownership);
            long executed = System.nanoTime();
            long perCommandMillis = (executed - started) / 1_000_000;
            boolean reachedTarget = results.stream().anyMatch(r -> r.succeeded() || !r.failure().isRetryable());
            if (reachedTarget) {
                circuit.succeeded();
                lastError = null;
            } else {
                circuit.failedToReach();
            }
            for (CommandResult result : results) {
                String commandId = result.command().commandId();
                Received received = pending.get(commandId);
                if (result.succeeded()) {
                    pending.remove(commandId);
                    settle(result, received, attempt, perCommandMillis, sent, completed);
                } else if (!result.failure().isRetryable() || attempt >= settings.maxAttempts()) {
                    pending.remove(commandId);
                    fail(result, received, attempt, perCommandMillis, sent, completed);
                } else {
                    lastError = result.failure().getMessage();
                    metrics.outcome(targetId, OutcomeStatus.RETRYING);
                    sent.add(publish(Outcomes.of(result, received.outcomeIds(), OutcomeStatus.RETRYING, attempt,
                            clock.instant(), perCommandMillis)));
                }
            }
            metrics.batchPhase(targetId, BatchPhase.REPORT, System.nanoTime() - executed);
            if (!pending.isEmpty()) {
                idle(waitBeforeRetry(results, attempt));
            }
            attempt++;
        }
        if (!pending.isEmpty()) {
            // Stopping: leave the poll uncommitted so that the unsettled commands are consumed again.
            throw new InterruptedException("stopped with " + pending.size() + " command(s) unsettled");
        }
    }

    /** The backoff, or longer if the target asked for longer (Retry-After). */
    private Duration waitBeforeRetry(List<CommandResult> results, int attempt) {
        Duration wait = backoff.after(attempt);
        for (CommandResult result : results) {
            if (result.failure() instanceof io.provisioning.connector.spi.RetryableException retryable
                    && retryable.retryAfter().isPresent() && retryable.retryAfter().get().compareTo(wait) > 0) {
                wait = retryable.retryAfter().get();
            }
        }
        // a target asking for more than five minutes is not taken at its word: the poll must go on
        return wait.compareTo(Duration.ofMinutes(5)) > 0 ? Duration.ofMinutes(5) : wait;
    }

    private void settle(CommandResult result, Received received, int attempt, long millis,
            List<Future<RecordMetadata>> sent, List<CompletedCommand> completed) {
        ProvisioningOutcome outcome = Outcomes.of(result, received.outcomeIds(), OutcomeStatus.FAILED, attempt,
                clock.instant(), millis);
        metrics.outcome(targetId, outcome.status());
        metrics.latency(targetId, received.command().issuedAt(), clock.instant());
        metrics.endToEnd(targetId, outcome.endToEndMillis());
        sent.add(publish(outcome));
        completed.add(settled(received.command(), outcome.status().name(), attempt, null, null, received.raw()));
    }

    private void fail(CommandResult result, Received received, int attempt, long millis,
            List<Future<RecordMetadata>> sent, List<CompletedCommand> completed) {
        ConnectorException failure = result.failure();
        ProvisioningCommand command = received.command();
        LOG.warnf("target %s: command %s for account %s failed after %d attempt(s), dead-lettered: %s",
                targetId, command.commandId(), command.accountId(), attempt, failure.getMessage());
        // someone else's account under the command's name: policy-service chooses another name or lists it
        OutcomeStatus status = failure instanceof AccountOwnership.NameConflictException
                ? OutcomeStatus.CONFLICT : OutcomeStatus.FAILED;
        metrics.outcome(targetId, status);
        sent.add(publish(Outcomes.of(result, received.outcomeIds(), status, attempt, clock.instant(), millis)));
        sent.add(deadLetter(command.workerId(), received.raw(), failure.code(), failure.getMessage(), attempt));
        completed.add(settled(command, "FAILED", attempt, failure.code(), failure.getMessage(), received.raw()));
    }

    private CompletedCommand settled(ProvisioningCommand command, String status, int attempts, String errorCode,
            String error, String raw) {
        return new CompletedCommand(command.commandId(), targetId, command.workerId(), command.accountId(),
                command.sequence(), status, attempts, errorCode, error, raw);
    }

    private Future<RecordMetadata> publish(ProvisioningOutcome outcome) {
        try {
            return publisher.send(Topics.OUTCOMES, outcome.workerId(), MAPPER.writeValueAsString(outcome), Map.of());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("outcome not serialisable", e);
        }
    }

    private Future<RecordMetadata> deadLetter(String key, String raw, String code, String reason, int attempts) {
        return publisher.send(Topics.deadLetter(Topics.commands(targetId)), key, raw, Map.of(
                "dead-letter-reason", reason, "dead-letter-code", code,
                "dead-letter-attempts", Integer.toString(attempts)));
    }

    private void awaitCircuit() throws InterruptedException {
        Duration wait = circuit.waitBeforeAttempt();
        while (!wait.isZero() && running.get()) {
            idle(wait);
            wait = circuit.waitBeforeAttempt();
        }
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

    private static List<String> managedGroupsHeld(ProvisioningCommand command, Set<String> held) {
        Set<String> managed = new java.util.HashSet<>();
        command.managedGroups().forEach(group -> managed.add(group.toLowerCase()));
        return held.stream().filter(group -> managed.contains(group.toLowerCase())).sorted().toList();
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
