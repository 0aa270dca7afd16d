package io.provisioning.policy.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.provisioning.contracts.Json;
import io.provisioning.contracts.Topics;
import io.provisioning.contracts.command.ProvisioningCommand;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

/**
 * The transactional outbox: a message is written in the same transaction as the state it
 * describes, and {@code OutboxRelay} publishes it afterwards. A crash between the two cannot
 * lose a message or publish one for a state that was rolled back.
 */
@ApplicationScoped
public class Outbox {

    private static final ObjectMapper MAPPER = Json.mapper();

    @Inject
    IdentityRepository store;

    /** Adds a message to the caller's transaction. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void enqueue(String topic, String key, Object message) {
        store.enqueue(topic, key, json(message), null);
    }

    /**
     * Adds a command to the caller's transaction, on its target's topic; when an HR event caused it,
     * the event's acceptance time goes with it (a Kafka header, for the end-to-end latency).
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void enqueue(ProvisioningCommand command) {
        store.enqueue(Topics.commands(command.targetId()), command.workerId(), json(command), command.correlationId());
    }

    private static String json(Object message) {
        try {
            return MAPPER.writeValueAsString(message);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + message.getClass().getSimpleName(), e);
        }
    }
}
