package io.provisioning.connector.runtime;

import io.provisioning.common.kafka.AckedProducer;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.provisioning.connector.store.CompletedCommand;
import io.provisioning.contracts.Json;
import io.provisioning.contracts.Topics;
import io.provisioning.contracts.command.ProvisioningCommand;
import io.provisioning.contracts.command.ProvisioningOutcome;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * What applying one batch leaves to settle: the outcome and dead-letter records handed to the
 * producer, and the commands to record in the command log once Kafka has acknowledged them all.
 * Filled on the worker's thread, then settled on the settling thread; never both at once.
 */
final class Settlement {

    private static final ObjectMapper MAPPER = Json.mapper();

    private final String targetId;
    private final RecordPublisher publisher;
    private final List<Future<RecordMetadata>> sent = new ArrayList<>();
    private final List<CompletedCommand> completed = new ArrayList<>();

    Settlement(String targetId, RecordPublisher publisher) {
        this.targetId = targetId;
        this.publisher = publisher;
    }

    /** Sends an outcome to {@code provisioning.outcomes}, keyed by worker. */
    void report(ProvisioningOutcome outcome) {
        try {
            sent.add(publisher.send(Topics.OUTCOMES, outcome.workerId(), MAPPER.writeValueAsString(outcome), Map.of()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("outcome not serialisable", e);
        }
    }

    /** Sends the command record as received to the target's dead-letter topic, with the reason in headers. */
    void deadLetter(String key, String raw, String code, String reason, int attempts) {
        sent.add(publisher.send(Topics.deadLetter(Topics.commands(targetId)), key, raw, Map.of(
                "dead-letter-reason", reason, "dead-letter-code", code,
                "dead-letter-attempts", Integer.toString(attempts))));
    }

    /** Records the command as done once the batch settles. */
    void complete(ProvisioningCommand command, String status, int attempts, String errorCode, String error,
            String raw) {
        completed.add(new CompletedCommand(command.commandId(), targetId, command.workerId(), command.accountId(),
                command.sequence(), status, attempts, errorCode, error, raw));
    }

    /** Records a record that was not a command, under an id made of where it was read. */
    void completeUnreadable(CompletedCommand unreadable) {
        completed.add(unreadable);
    }

    List<CompletedCommand> completed() {
        return completed;
    }

    /** Waits for Kafka's acknowledgement of everything sent. */
    void awaitSent() {
        AckedProducer.awaitAll(sent);
    }
}
