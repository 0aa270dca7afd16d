package io.provisioning.connector.runtime;

import io.provisioning.common.kafka.AckedProducer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.core.JsonProcessingException;
import io.provisioning.common.problem.Problem;
import io.provisioning.common.problem.ProblemException;
import io.provisioning.connector.store.DeadLetterStore;
import io.provisioning.connector.store.DeadLetterStore.DeadLetter;
import io.provisioning.contracts.Json;
import io.provisioning.contracts.Topics;
import io.provisioning.contracts.policy.OperatorAction;
import io.provisioning.contracts.policy.PolicyChange;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Re-runs a dead letter: re-publishes the command to its target's topic with the retry header
 * (the worker then runs it although it failed before) and records who did it on
 * {@code policy.changes}, so that the audit trail shows the operator's action.
 */
@ApplicationScoped
public class DeadLetterRetry {

    private static final ObjectMapper MAPPER = Json.mapper();

    @Inject
    DeadLetterStore store;

    @Inject
    RecordPublisher publisher;

    @Inject
    Targets targets;

    @Inject
    Clock clock;

    /**
     * @return the dead letter as it is now
     * @throws ProblemException 409 if it is not open or not a command, 503 if Kafka did not take it
     */
    public DeadLetter retry(DeadLetter letter, String actor) {
        if (letter.errorCode().equals("INVALID_COMMAND")) {
            throw conflict("Dead letter " + letter.commandId() + " is not a provisioning command; it cannot be re-run.");
        }
        if (!targets.isConfigured(letter.targetId())) {
            throw conflict("Target " + letter.targetId() + " is not configured in this service.");
        }
        Instant now = clock.instant();
        OperatorAction action = new OperatorAction(UUID.randomUUID().toString(), now, actor, "dead-letter.retry",
                letter.targetId(), letter.commandId(),
                "re-run after " + letter.errorCode() + " (" + letter.attempts() + " attempt(s))");
        boolean retried;
        try {
            String notice = MAPPER.writerFor(PolicyChange.class).writeValueAsString(action);
            retried = store.markRetried(letter.commandId(), actor, now, () -> AckedProducer.awaitAll(List.of(
                    publisher.send(Topics.commands(letter.targetId()), letter.workerId(), letter.command(),
                            Map.of(CommandHeaders.RETRY, actor)),
                    publisher.send(Topics.POLICY_CHANGES, action.key(), notice, Map.of()))));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("operator action not serialisable", e);
        } catch (IllegalStateException e) {
            throw new ProblemException(Problem.of("unavailable", "Service unavailable", 503,
                    "The command could not be re-published; the dead letter stays open. Try again."));
        }
        if (!retried) {
            throw conflict("Dead letter " + letter.commandId() + " was already retried.");
        }
        return store.find(letter.commandId()).orElseThrow();
    }

    private static ProblemException conflict(String detail) {
        return new ProblemException(Problem.of("conflict", "Conflict", 409, detail));
    }
}
