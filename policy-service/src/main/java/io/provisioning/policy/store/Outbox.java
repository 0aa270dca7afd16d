package io.provisioning.policy.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.provisioning.contracts.Json;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Clock;

/**
 * The transactional outbox: a message is written in the same transaction as the state it
 * describes, and {@code OutboxRelay} publishes it afterwards. A crash between the two cannot
 * lose a message or publish one for a state that was rolled back.
 */
@ApplicationScoped
public class Outbox {

    private static final ObjectMapper MAPPER = Json.mapper();

    @Inject
    EntityManager em;

    @Inject
    Clock clock;

    /** Adds a message to the caller's transaction. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void enqueue(String topic, String key, Object message) {
        em.createNativeQuery("INSERT INTO outbox (topic, message_key, payload, created_at) VALUES (?1, ?2, ?3, ?4)")
                .setParameter(1, topic)
                .setParameter(2, key)
                .setParameter(3, json(message))
                .setParameter(4, clock.instant())
                .executeUpdate();
    }

    private static String json(Object message) {
        try {
            return MAPPER.writeValueAsString(message);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + message.getClass().getSimpleName(), e);
        }
    }
}
