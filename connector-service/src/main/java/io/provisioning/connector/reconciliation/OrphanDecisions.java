package io.provisioning.connector.reconciliation;

import io.provisioning.common.kafka.AckedProducer;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.provisioning.common.problem.Problem;
import io.provisioning.common.problem.ProblemException;
import io.provisioning.connector.runtime.RecordPublisher;
import io.provisioning.connector.runtime.Targets;
import io.provisioning.connector.spi.AttributeDelta;
import io.provisioning.connector.spi.Connector;
import io.provisioning.connector.spi.ConnectorAccount;
import io.provisioning.connector.spi.ConnectorException;
import io.provisioning.connector.spi.EnableOp;
import io.provisioning.connector.spi.GetOp;
import io.provisioning.connector.spi.UpdateDeltaOp;
import io.provisioning.connector.store.CommandLog;
import io.provisioning.contracts.Json;
import io.provisioning.contracts.Topics;
import io.provisioning.contracts.policy.OperatorAction;
import io.provisioning.contracts.policy.PolicyChange;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * An operator's explicit decision on an orphan that a reconciliation found: link it to its worker
 * (the account is given the worker's id in the target's correlation attribute and recorded as the
 * product's, so that the worker's commands converge it instead of refusing it as someone else's),
 * or disable it (it stays in the target, unusable, for its owner to claim or remove). Either
 * decision is on {@code policy.changes} with who made it.
 */
@ApplicationScoped
public class OrphanDecisions {

    private static final ObjectMapper MAPPER = Json.mapper();
    private static final Pattern WORKER_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    @Inject
    ReconciliationStore runs;

    @Inject
    Targets targets;

    @Inject
    CommandLog log;

    @Inject
    RecordPublisher publisher;

    @Inject
    Clock clock;

    /** What was linked. */
    public record Linked(String runId, String targetId, String accountId, String workerId, String correlationAttribute,
                         String linkedBy) {
    }

    /** What was disabled. */
    public record Disabled(String runId, String targetId, String accountId, String disabledBy) {
    }

    /**
     * @throws ProblemException 400 for a malformed worker id, 404 for an unknown run or an account the
     *                          run did not report as an orphan, 409 if the account is gone or carries
     *                          another worker's id, 503 if the target or Kafka is unavailable
     */
    public Linked link(String runId, String accountId, String workerId, String actor) {
        if (workerId == null || !WORKER_ID.matcher(workerId).matches()) {
            throw ProblemException.invalid("The query is invalid.", List.of(new Problem.FieldError(null, "/workerId",
                    "is required: 1-64 of [A-Za-z0-9._-]")));
        }
        ReconciliationStore.Run run = orphanOf(runId, accountId);
        Connector connector = connector(run);
        String attribute = targets.correlationAttribute(run.targetId());
        if (!(connector instanceof GetOp reader) || !(connector instanceof UpdateDeltaOp updater)) {
            throw conflict("Target " + run.targetId() + " cannot read and update accounts; nothing to link.");
        }
        try {
            ConnectorAccount account = existing(reader, run, accountId);
            String current = value(account, attribute);
            if (current != null && !current.equals(workerId)) {
                throw conflict("Account " + accountId + " carries another worker's id in " + attribute + ".");
            }
            if (attribute != null && current == null) {
                updater.update(account,
                        new AttributeDelta(Map.of(attribute, List.of(workerId)), java.util.Set.of()));
            }
        } catch (ConnectorException e) {
            throw unavailable(run, "link", e);
        }
        log.adopt(run.targetId(), accountId);
        record(workerId, actor, "reconciliation.orphan-linked", run, accountId,
                "orphan " + accountId + " of run " + runId + " linked to worker " + workerId,
                "The account was linked but the decision could not be recorded yet; link it again.");
        return new Linked(runId, run.targetId(), accountId, workerId, attribute, actor);
    }

    /**
     * Disables an orphan; disabling it again changes nothing, so the request can be sent again.
     *
     * @throws ProblemException 404 for an unknown run or an account the run did not report as an
     *                          orphan, 409 if the account is gone or now carries a worker's id (it was
     *                          linked meanwhile), 503 if the target or Kafka is unavailable
     */
    public Disabled disable(String runId, String accountId, String actor) {
        ReconciliationStore.Run run = orphanOf(runId, accountId);
        Connector connector = connector(run);
        if (!(connector instanceof GetOp reader) || !(connector instanceof EnableOp enabler)) {
            throw conflict("Target " + run.targetId() + " cannot read and disable accounts; nothing to disable.");
        }
        String attribute = targets.correlationAttribute(run.targetId());
        try {
            ConnectorAccount account = existing(reader, run, accountId);
            if (value(account, attribute) != null) {
                throw conflict("Account " + accountId + " carries a worker's id in " + attribute
                        + " now; it is no longer an orphan.");
            }
            enabler.setEnabled(account, false);
        } catch (ConnectorException e) {
            throw unavailable(run, "disable", e);
        }
        record(accountId, actor, "reconciliation.orphan-disabled", run, accountId,
                "orphan " + accountId + " of run " + runId + " disabled",
                "The account was disabled but the decision could not be recorded yet; disable it again.");
        return new Disabled(runId, run.targetId(), accountId, actor);
    }

    private ReconciliationStore.Run orphanOf(String runId, String accountId) {
        ReconciliationStore.Run run = runs.find(runId)
                .orElseThrow(() -> ProblemException.notFound("No reconciliation run has that id."));
        runs.orphan(runId, accountId).orElseThrow(() -> ProblemException.notFound(
                "Run " + runId + " did not report " + accountId + " as an orphan."));
        return run;
    }

    private Connector connector(ReconciliationStore.Run run) {
        return targets.connector(run.targetId()).orElseThrow(() -> conflict(
                "Target " + run.targetId() + " is not configured in this service."));
    }

    private static ConnectorAccount existing(GetOp reader, ReconciliationStore.Run run, String accountId) {
        return reader.get(accountId)
                .orElseThrow(() -> conflict("Account " + accountId + " no longer exists in " + run.targetId() + "."));
    }

    /** The decision on policy.changes, keyed by {@code key}: the worker linked, or the account disabled. */
    private void record(String key, String actor, String action, ReconciliationStore.Run run, String accountId,
                        String detail, String notRecorded) {
        OperatorAction decision = new OperatorAction(UUID.randomUUID().toString(), clock.instant(), actor, action,
                run.targetId(), accountId, detail);
        try {
            AckedProducer.awaitAll(List.of(publisher.send(Topics.POLICY_CHANGES, key,
                    MAPPER.writerFor(PolicyChange.class).writeValueAsString(decision), Map.of())));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("operator action not serialisable", e);
        } catch (IllegalStateException e) {
            throw new ProblemException(Problem.of("unavailable", "Service unavailable", 503, notRecorded));
        }
    }

    private static ProblemException unavailable(ReconciliationStore.Run run, String what, ConnectorException e) {
        return new ProblemException(Problem.of("unavailable", "Service unavailable", 503,
                "Target " + run.targetId() + " could not " + what + " the account (" + e.code() + "). Try again."));
    }

    private static String value(ConnectorAccount account, String attribute) {
        if (attribute == null) {
            return null;
        }
        return account.attributes().entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(attribute))
                .flatMap(e -> e.getValue().stream()).filter(v -> v != null && !v.isBlank()).findFirst().orElse(null);
    }

    private static ProblemException conflict(String detail) {
        return new ProblemException(Problem.of("conflict", "Conflict", 409, detail));
    }
}
