package io.provisioning.connector.reconciliation;

import io.provisioning.common.kafka.AckedProducer;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.provisioning.common.kafka.KafkaClientProperties;
import io.provisioning.connector.runtime.RecordPublisher;
import io.provisioning.connector.runtime.CommandHeaders;
import io.provisioning.connector.runtime.Targets;
import io.provisioning.connector.spi.Connector;
import io.provisioning.connector.spi.ConnectorAccount;
import io.provisioning.connector.spi.ListOp;
import io.provisioning.connector.store.CommandLog;
import io.provisioning.contracts.Json;
import io.provisioning.contracts.Topics;
import io.provisioning.contracts.command.AccountState;
import io.provisioning.contracts.command.ProvisioningCommand;
import io.provisioning.contracts.policy.OperatorAction;
import io.provisioning.contracts.policy.PolicyChange;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Runs reconciliations: reads every account of a target through its connector's list operation
 * and the target's desired state from its compacted topic, reports the drift and, in repair mode,
 * re-issues the desired commands of the drifted accounts through the target's normal command
 * topic, correlated to the run. Orphans are never deleted; with
 * {@code reconciliation-orphans=disable} they are disabled. Accounts whose newest command is not
 * applied yet are left out (they are still on their way). Each run's start and end is recorded on
 * {@code policy.changes}.
 */
@ApplicationScoped
public class ReconciliationService {

    private static final Logger LOG = Logger.getLogger(ReconciliationService.class);
    private static final ObjectMapper MAPPER = Json.mapper();
    private static final int PAGE = 1000;

    @Inject
    Targets targets;

    @Inject
    ReconciliationStore store;

    @Inject
    CommandLog log;

    @Inject
    DesiredSpool spool;

    @Inject
    RecordPublisher publisher;

    @Inject
    Clock clock;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    private final ExecutorService runner = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "reconciliation");
        thread.setDaemon(true);
        return thread;
    });

    /** Why a run could not start. */
    public enum Refusal { UNKNOWN_TARGET, CANNOT_LIST, ALREADY_RUNNING }

    /** A run that started, or why not. */
    public record Start(String runId, Refusal refusal) {
    }

    /**
     * Starts a run in the background.
     *
     * @param mode {@code report} or {@code repair}; null for the target's configured mode
     */
    public Start start(String targetId, String mode, String actor) {
        var configuration = targets.configuration(targetId);
        if (configuration.isEmpty()) {
            return new Start(null, Refusal.UNKNOWN_TARGET);
        }
        Connector connector = targets.connector(targetId).orElseThrow();
        if (!(connector instanceof ListOp)) {
            return new Start(null, Refusal.CANNOT_LIST);
        }
        String chosen = mode != null ? mode : configuration.get().get("reconciliation-mode", "report");
        String runId = UUID.randomUUID().toString();
        if (!store.start(runId, targetId, chosen, actor, clock.instant())) {
            return new Start(null, Refusal.ALREADY_RUNNING);
        }
        notice(actor, "reconciliation.start", targetId, runId, "mode " + chosen);
        boolean disableOrphans = configuration.get().get("reconciliation-orphans", "report").equals("disable");
        // execute, not submit: an Error must reach the thread's uncaught-error policy, not a Future nobody reads
        runner.execute(() -> run(runId, targetId, chosen.equals("repair"), disableOrphans, (ListOp) connector, actor));
        return new Start(runId, null);
    }

    void onStop(@Observes ShutdownEvent event) {
        runner.shutdownNow();
    }

    private void run(String runId, String targetId, boolean repair, boolean disableOrphans, ListOp connector,
            String actor) {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (String kind : List.of("ORPHAN", "MISSING", "GROUP_DRIFT", "STATE_DRIFT", "ATTRIBUTE_DRIFT", "PENDING",
                "REPAIRS_ISSUED")) {
            counts.put(kind, 0L);
        }
        try {
            // the desired state goes to the run's spool as it is read: memory holds one poll, then one page
            DesiredStateReader.stream(KafkaClientProperties.common(bootstrapServers), targetId, Duration.ofMinutes(5),
                    (commands, tombstones) -> spool.write(runId, commands, tombstones));
            long desiredLeft = spool.count(runId);
            // what the accounts hold beyond their desired state: in report mode nothing repairs it
            ObservedHoldings observed = new ObservedHoldings();
            long accountsRead = 0;
            int itemNo = 0;
            List<Future<RecordMetadata>> repairs = new ArrayList<>();
            String cursor = null;
            do {
                ListOp.Page page = connector.list(cursor, PAGE);
                Map<String, ProvisioningCommand> desired = spool.take(runId,
                        page.accounts().stream().map(a -> a.accountId().toLowerCase()).distinct().toList());
                desiredLeft -= desired.size();
                Map<String, Long> applied = appliedSequences(targetId, desired.values());
                List<DriftItem> items = new ArrayList<>();
                for (ConnectorAccount actual : page.accounts()) {
                    ProvisioningCommand wanted = desired.remove(actual.accountId().toLowerCase());
                    if (wanted != null && isPending(wanted, applied)) {
                        counts.merge("PENDING", 1L, Long::sum);
                        continue;
                    }
                    List<DriftItem> drift = DriftDetector.compare(actual, wanted);
                    items.addAll(drift);
                    if (!repair && wanted != null && wanted.workerId() != null) {
                        observed.add(actual, wanted);
                    }
                    if (repair && !drift.isEmpty()) {
                        repair(runId, targetId, wanted, actual, disableOrphans).ifPresent(repairs::add);
                    }
                }
                accountsRead += page.accounts().size();
                itemNo = record(runId, itemNo, items, repair, counts);
                store.progress(runId, accountsRead, desiredLeft);
                cursor = page.nextCursor().orElse(null);
            } while (cursor != null);
            String after = null;
            for (Map<String, ProvisioningCommand> left = spool.remaining(runId, null, PAGE); !left.isEmpty();
                    left = spool.remaining(runId, after, PAGE)) {
                Map<String, Long> applied = appliedSequences(targetId, left.values());
                List<DriftItem> missing = new ArrayList<>();
                for (Map.Entry<String, ProvisioningCommand> entry : left.entrySet()) {
                    after = entry.getKey();
                    ProvisioningCommand wanted = entry.getValue();
                    if (wanted.state() == AccountState.ABSENT) {
                        continue;
                    }
                    if (isPending(wanted, applied)) {
                        counts.merge("PENDING", 1L, Long::sum);
                        continue;
                    }
                    missing.add(DriftDetector.missing(wanted));
                    if (repair) {
                        repairs.add(reissue(runId, wanted));
                    }
                }
                itemNo = record(runId, itemNo, missing, repair, counts);
            }
            AckedProducer.awaitAll(repairs);
            counts.put("REPAIRS_ISSUED", (long) repairs.size());
            String summary = MAPPER.writeValueAsString(counts);
            AckedProducer.awaitAll(observed.publish(publisher, targetId, runId, actor, clock));
            store.finish(runId, "COMPLETED", summary, null, clock.instant());
            notice(actor, "reconciliation.completed", targetId, runId, summary);
            LOG.infof("target %s: reconciliation %s completed: %s", targetId, runId, summary);
        } catch (Exception | Error e) {
            String error = e.getClass().getSimpleName() + ": " + e.getMessage();
            LOG.errorf("target %s: reconciliation %s failed: %s", targetId, runId, error);
            try {
                store.finish(runId, "FAILED", null, error, clock.instant());
                notice(actor, "reconciliation.failed", targetId, runId, error);
            } catch (RuntimeException | Error notRecorded) {
                // the next start marks a run left RUNNING as FAILED
                LOG.errorf("target %s: reconciliation %s could not be marked FAILED (%s)", targetId, runId,
                        notRecorded.getClass().getSimpleName());
            }
            if (e instanceof Error fatal) {
                throw fatal; // to the thread's uncaught-error policy: the process ends and is restarted
            }
        } finally {
            try {
                spool.drop(runId);
            } catch (RuntimeException e) {
                LOG.warnf("target %s: the spool of reconciliation %s stays until the next start (%s)", targetId, runId,
                        e.getClass().getSimpleName());
            }
        }
    }

    private int record(String runId, int itemNo, List<DriftItem> items, boolean repair, Map<String, Long> counts) {
        store.items(runId, itemNo + 1, items, repair);
        items.forEach(item -> counts.merge(item.kind(), 1L, Long::sum));
        return itemNo + items.size();
    }

    /** The command that was not applied yet is still on its way: nothing to reconcile. */
    private static boolean isPending(ProvisioningCommand wanted, Map<String, Long> applied) {
        Long last = applied.get(wanted.accountId());
        return last == null || last < wanted.sequence();
    }

    private Map<String, Long> appliedSequences(String targetId, java.util.Collection<ProvisioningCommand> desired) {
        return desired.isEmpty() ? Map.of()
                : log.lastSequences(targetId, desired.stream().map(ProvisioningCommand::accountId).toList());
    }

    private java.util.Optional<Future<RecordMetadata>> repair(String runId, String targetId, ProvisioningCommand wanted,
            ConnectorAccount actual, boolean disableOrphans) {
        if (wanted != null) {
            return java.util.Optional.of(reissue(runId, wanted));
        }
        if (disableOrphans && actual.enabled()) {
            ProvisioningCommand disable = new ProvisioningCommand(runId + ":" + actual.accountId(), runId, null,
                    targetId, actual.accountId(), 0, AccountState.DISABLED, Map.of(), List.of(), List.of(), Map.of(),
                    0, "RECONCILIATION_ORPHAN", clock.instant());
            return java.util.Optional.of(send(disable, actual.accountId()));
        }
        return java.util.Optional.empty();
    }

    /** The desired command again, as a new command of the run, at the sequence it already had. */
    private Future<RecordMetadata> reissue(String runId, ProvisioningCommand wanted) {
        ProvisioningCommand again = new ProvisioningCommand(runId + ":" + wanted.accountId(), runId, wanted.workerId(),
                wanted.targetId(), wanted.accountId(), wanted.sequence(), wanted.state(), wanted.attributes(),
                wanted.groups(), wanted.managedGroups(), wanted.grants(), wanted.policyVersion(), "RECONCILIATION",
                clock.instant());
        return send(again, wanted.workerId());
    }

    private Future<RecordMetadata> send(ProvisioningCommand command, String key) {
        try {
            return publisher.send(Topics.commands(command.targetId()), key, MAPPER.writeValueAsString(command),
                    Map.of(CommandHeaders.REPAIR, command.correlationId()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("command not serialisable", e);
        }
    }

    private void notice(String actor, String action, String targetId, String runId, String detail) {
        try {
            OperatorAction notice = new OperatorAction(UUID.randomUUID().toString(), clock.instant(), actor, action,
                    targetId, runId, detail);
            publisher.send(Topics.POLICY_CHANGES, notice.key(),
                    MAPPER.writerFor(PolicyChange.class).writeValueAsString(notice), Map.of());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("notice not serialisable", e);
        }
    }
}
