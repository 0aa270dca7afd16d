package io.provisioning.connector.runtime;

import io.provisioning.connector.execution.AccountOwnership;
import io.provisioning.connector.execution.CommandExecutor;
import io.provisioning.connector.execution.CommandResult;
import io.provisioning.connector.runtime.WorkerMetrics.BatchPhase;
import io.provisioning.connector.spi.Connector;
import io.provisioning.connector.spi.ConnectorAccount;
import io.provisioning.connector.spi.ConnectorException;
import io.provisioning.connector.spi.GetOp;
import io.provisioning.connector.spi.RetryableException;
import io.provisioning.connector.store.CommandLog;
import io.provisioning.connector.store.CompletedCommand;
import io.provisioning.contracts.command.AccountState;
import io.provisioning.contracts.command.OutcomeStatus;
import io.provisioning.contracts.command.ProvisioningCommand;
import io.provisioning.contracts.command.ProvisioningOutcome;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.jboss.logging.Logger;

/**
 * What the worker of one target does with a poll of command records: reads them (a record that is
 * not a command is dead-lettered), skips the commands already settled and those older than one
 * applied to the same account, applies the rest through a {@link CommandExecutor}, retries the
 * retryable failures with backoff behind the target's circuit breaker, and reports every outcome.
 * The records sent and the commands to record are left in a {@link Settlement}.
 */
final class CommandPipeline {

    /** Waits without consuming (the consumer keeps the group's membership meanwhile). */
    interface Idle {
        void idle(Duration duration) throws InterruptedException;
    }

    private static final Logger LOG = Logger.getLogger(CommandPipeline.class);
    /** A target asking for a longer pause than this is not taken at its word: the poll must go on. */
    private static final Duration LONGEST_WAIT = Duration.ofMinutes(5);

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
    private final BooleanSupplier running;
    /** Told the last failure met, and null once the target is reached again. */
    private final Consumer<String> lastError;

    CommandPipeline(String targetId, Connector connector, WorkerSettings settings, ExecutorService threads,
            CommandLog log, RecordPublisher publisher, WorkerMetrics metrics, Clock clock, BooleanSupplier running,
            Consumer<String> lastError) {
        this.targetId = targetId;
        this.connector = connector;
        this.settings = settings;
        this.executor = new CommandExecutor(connector, threads, (phase, nanos) -> metrics.batchPhase(targetId,
                phase == CommandExecutor.Phase.ACCOUNTS ? BatchPhase.ACCOUNTS : BatchPhase.GROUPS, nanos));
        this.log = log;
        this.publisher = publisher;
        this.metrics = metrics;
        this.clock = clock;
        this.backoff = new Backoff(settings.backoffInitial(), settings.backoffMax());
        this.circuit = new CircuitBreaker(settings.circuitFailureThreshold(), settings.circuitOpen(), clock);
        this.running = running;
        this.lastError = lastError;
    }

    CircuitBreaker.State circuitState() {
        return circuit.state();
    }

    /**
     * Applies a poll's commands.
     *
     * @param settling the batch before, while it settles: what it settled counts as settled
     * @param idle     how to wait during a backoff or while the circuit is open
     * @throws InterruptedException if the worker stops with commands unsettled (the poll is then not committed)
     */
    Settlement apply(ConsumerRecords<String, String> records, SettlingBatch settling, Idle idle)
            throws InterruptedException {
        long receiving = System.nanoTime();
        Settlement settlement = new Settlement(targetId, publisher);
        Map<String, ReceivedCommand> received = new LinkedHashMap<>();
        for (ConsumerRecord<String, String> record : records) {
            receive(record, received, settlement);
        }
        Set<String> appliedBefore = new HashSet<>();
        List<ReceivedCommand> commands = dropSettledAndStale(new ArrayList<>(received.values()), settling, settlement,
                appliedBefore);
        metrics.batchPhase(targetId, BatchPhase.RECEIVE, System.nanoTime() - receiving);
        runWithRetries(commands, settlement, Set.copyOf(appliedBefore), idle);
        return settlement;
    }

    private void receive(ConsumerRecord<String, String> record, Map<String, ReceivedCommand> received,
            Settlement settlement) {
        ReceivedCommand command;
        try {
            command = ReceivedCommand.from(record, targetId);
        } catch (IllegalArgumentException e) {
            String id = "unparseable:" + record.topic() + ":" + record.partition() + ":" + record.offset();
            String reason = "not a provisioning command for " + targetId + ": " + e.getMessage();
            String raw = record.value() == null ? "" : record.value();
            LOG.warnf("target %s: %s at %d@%d; dead-lettered", targetId, reason, record.partition(), record.offset());
            settlement.deadLetter(record.key(), raw, "INVALID_COMMAND", reason, 0);
            settlement.completeUnreadable(new CompletedCommand(id, targetId, record.key(), null, 0, "FAILED", 0,
                    "INVALID_COMMAND", reason, raw));
            metrics.outcome(targetId, OutcomeStatus.FAILED);
            return;
        }
        // The same command twice in one poll is one command.
        received.putIfAbsent(command.command().commandId(), command);
    }

    /**
     * @param appliedBefore filled with the accounts the product has written before: only those may be
     *                      taken as the worker's without proof
     */
    private List<ReceivedCommand> dropSettledAndStale(List<ReceivedCommand> received, SettlingBatch settling, Settlement settlement,
            Set<String> appliedBefore) {
        Map<String, String> settled = new HashMap<>(log.statuses(received.stream().map(r -> r.command().commandId()).toList()));
        Map<String, Long> newest = new HashMap<>(log.lastSequences(targetId,
                received.stream().map(r -> r.command().accountId()).distinct().toList()));
        if (settling != null) {
            settling.addTo(settled, newest);
        }
        appliedBefore.addAll(newest.keySet());
        List<ReceivedCommand> runnable = new ArrayList<>();
        for (ReceivedCommand r : received) {
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
                reportStale(r, last, settlement);
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

    private void reportStale(ReceivedCommand received, long last, Settlement settlement) {
        ProvisioningCommand command = received.command();
        metrics.outcome(targetId, OutcomeStatus.NOOP);
        settlement.complete(command, "NOOP", 0, "STALE_SEQUENCE", null, received.raw());
        try {
            Optional<ConnectorAccount> account = connector instanceof GetOp reader
                    ? reader.get(command.accountId())
                    : Optional.empty();
            AccountState state = account.map(a -> a.enabled() ? AccountState.PRESENT : AccountState.DISABLED)
                    .orElse(AccountState.ABSENT);
            List<String> groups = account.map(a -> managedGroupsHeld(command, a.groups())).orElse(List.of());
            settlement.report(Outcomes.stale(received, last, state, groups, clock.instant()));
        } catch (ConnectorException e) {
            // The account could not be read: nothing is reported rather than a state that was not seen.
            LOG.infof("target %s: stale command %s not reported, account unreadable (%s)",
                    targetId, command.commandId(), e.code());
        }
    }

    private void runWithRetries(List<ReceivedCommand> commands, Settlement settlement, Set<String> appliedBefore, Idle idle)
            throws InterruptedException {
        // By command id (unique in a batch, see receive): a command record's own hashCode walks all
        // of its attributes and groups, for every put, get and remove.
        Map<String, ReceivedCommand> pending = new LinkedHashMap<>();
        // one for the batch and its retries: an account created by one of its commands is the product's for the next
        AccountOwnership ownership = new AccountOwnership(settings.correlationAttribute(), appliedBefore::contains,
                settings.adoptUnmarkedAccounts());
        for (ReceivedCommand received : commands) {
            Optional<String> refusal = settings.managedGroups().refusal(received.command());
            if (refusal.isPresent()) {
                // never reaches the target: a group outside the configured ones is not the product's to change
                fail(new CommandResult(received.command(), false, null, List.of(), List.of(),
                        new GroupNotManagedException(refusal.get())), received, 0, 0, settlement);
            } else {
                pending.put(received.command().commandId(), received);
            }
        }
        int attempt = 1;
        while (!pending.isEmpty() && running.getAsBoolean()) {
            awaitCircuit(idle);
            long started = System.nanoTime();
            List<CommandResult> results = executor.execute(pending.values().stream().map(ReceivedCommand::command).toList(),
                    ownership);
            long executed = System.nanoTime();
            long perCommandMillis = (executed - started) / 1_000_000;
            boolean reachedTarget = results.stream().anyMatch(r -> r.succeeded() || !r.failure().isRetryable());
            if (reachedTarget) {
                circuit.succeeded();
                lastError.accept(null);
            } else {
                circuit.failedToReach();
            }
            for (CommandResult result : results) {
                String commandId = result.command().commandId();
                ReceivedCommand received = pending.get(commandId);
                if (result.succeeded()) {
                    pending.remove(commandId);
                    succeed(result, received, attempt, perCommandMillis, settlement);
                } else if (!result.failure().isRetryable() || attempt >= settings.maxAttempts()) {
                    pending.remove(commandId);
                    fail(result, received, attempt, perCommandMillis, settlement);
                } else {
                    lastError.accept(result.failure().getMessage());
                    metrics.outcome(targetId, OutcomeStatus.RETRYING);
                    settlement.report(Outcomes.of(result, received, OutcomeStatus.RETRYING, attempt,
                            clock.instant(), perCommandMillis));
                }
            }
            metrics.batchPhase(targetId, BatchPhase.REPORT, System.nanoTime() - executed);
            if (!pending.isEmpty()) {
                idle.idle(waitBeforeRetry(results, attempt));
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
            if (result.failure() instanceof RetryableException retryable
                    && retryable.retryAfter().isPresent() && retryable.retryAfter().get().compareTo(wait) > 0) {
                wait = retryable.retryAfter().get();
            }
        }
        return wait.compareTo(LONGEST_WAIT) > 0 ? LONGEST_WAIT : wait;
    }

    private void succeed(CommandResult result, ReceivedCommand received, int attempt, long millis, Settlement settlement) {
        ProvisioningOutcome outcome = Outcomes.of(result, received, OutcomeStatus.FAILED, attempt,
                clock.instant(), millis);
        metrics.outcome(targetId, outcome.status());
        metrics.latency(targetId, received.command().issuedAt(), clock.instant());
        metrics.endToEnd(targetId, outcome.endToEndMillis());
        settlement.report(outcome);
        settlement.complete(received.command(), outcome.status().name(), attempt, null, null, received.raw());
    }

    private void fail(CommandResult result, ReceivedCommand received, int attempt, long millis, Settlement settlement) {
        ConnectorException failure = result.failure();
        ProvisioningCommand command = received.command();
        LOG.warnf("target %s: command %s for account %s failed after %d attempt(s), dead-lettered: %s",
                targetId, command.commandId(), command.accountId(), attempt, failure.getMessage());
        // someone else's account under the command's name: policy-service chooses another name or lists it
        OutcomeStatus status = failure instanceof AccountOwnership.NameConflictException
                ? OutcomeStatus.CONFLICT : OutcomeStatus.FAILED;
        metrics.outcome(targetId, status);
        settlement.report(Outcomes.of(result, received, status, attempt, clock.instant(), millis));
        settlement.deadLetter(command.workerId(), received.raw(), failure.code(), failure.getMessage(), attempt);
        settlement.complete(command, "FAILED", attempt, failure.code(), failure.getMessage(), received.raw());
    }

    private void awaitCircuit(Idle idle) throws InterruptedException {
        Duration wait = circuit.waitBeforeAttempt();
        while (!wait.isZero() && running.getAsBoolean()) {
            idle.idle(wait);
            wait = circuit.waitBeforeAttempt();
        }
    }

    private static List<String> managedGroupsHeld(ProvisioningCommand command, Set<String> held) {
        Set<String> managed = new HashSet<>();
        command.managedGroups().forEach(group -> managed.add(group.toLowerCase()));
        return held.stream().filter(group -> managed.contains(group.toLowerCase())).sorted().toList();
    }
}
