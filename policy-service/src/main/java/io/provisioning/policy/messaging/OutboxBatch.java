package io.provisioning.policy.messaging;

import io.provisioning.common.kafka.AckedProducer;
import io.provisioning.contracts.Topics;
import io.provisioning.contracts.command.Headers;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import javax.sql.DataSource;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * One relay round (commands also go to their target's compacted desired-state topic): under a
 * transaction-scoped advisory lock (one relay at a time across replicas,
 * which keeps per-worker order), send the oldest outbox rows with an idempotent producer, wait for
 * every ack, delete them. A crash after sending and before deleting re-sends them: consumers
 * de-duplicate by command id.
 */
@ApplicationScoped
public class OutboxBatch {

    private static final long RELAY_LOCK = 0x706f6c6963796f62L;

    @Inject
    DataSource dataSource;

    @Inject
    MeterRegistry meters;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @ConfigProperty(name = "provisioning.policy.outbox.batch-size", defaultValue = "2000")
    int batchSize;

    /** Sends wait a millisecond for the rest of the round to share their requests. */
    private static final Duration LINGER = Duration.ofMillis(1);

    private volatile AckedProducer producer;

    /** @return how many messages were relayed */
    @Transactional
    public int relayOnce() {
        try (Connection c = dataSource.getConnection()) {
            try (PreparedStatement lock = c.prepareStatement("SELECT pg_try_advisory_xact_lock(?)")) {
                lock.setLong(1, RELAY_LOCK);
                try (ResultSet rs = lock.executeQuery()) {
                    if (!rs.next() || !rs.getBoolean(1)) {
                        return 0;
                    }
                }
            }
            List<Long> ids = new ArrayList<>();
            List<Future<RecordMetadata>> acks = new ArrayList<>();
            try (PreparedStatement select = c.prepareStatement(
                    "SELECT id, topic, message_key, payload, accepted_at FROM outbox ORDER BY id LIMIT ?")) {
                select.setInt(1, batchSize);
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        ids.add(rs.getLong(1));
                        String topic = rs.getString(2);
                        Timestamp acceptedAt = rs.getTimestamp(5);
                        acks.add(producer().send(topic, rs.getString(3), rs.getString(4), acceptedAt == null
                                ? Map.of()
                                : Map.of(Headers.ACCEPTED_AT, Headers.value(acceptedAt.toInstant()))));
                        if (isCommandTopic(topic)) {
                            // the same command, kept as the worker's desired state for reconciliation
                            String desired = Topics.DESIRED_PREFIX + topic.substring(Topics.COMMANDS_PREFIX.length());
                            acks.add(producer().send(desired, rs.getString(3), rs.getString(4)));
                        }
                    }
                }
            }
            if (ids.isEmpty()) {
                return 0;
            }
            AckedProducer.awaitAll(acks);
            try (PreparedStatement delete = c.prepareStatement("DELETE FROM outbox WHERE id = ANY (?)")) {
                delete.setArray(1, c.createArrayOf("bigint", ids.toArray()));
                delete.executeUpdate();
            }
            meters.counter("provisioning.policy.outbox.relayed").increment(ids.size());
            return ids.size();
        } catch (SQLException e) {
            throw new IllegalStateException("outbox relay: database failed", e);
        }
    }

    private static boolean isCommandTopic(String topic) {
        return topic.startsWith(Topics.COMMANDS_PREFIX) && !topic.endsWith(Topics.DLQ_SUFFIX);
    }

    private AckedProducer producer() {
        if (producer == null) {
            synchronized (this) {
                if (producer == null) {
                    producer = AckedProducer.open(bootstrapServers, "policy-service-outbox", LINGER, Map.of());
                }
            }
        }
        return producer;
    }

    @PreDestroy
    void close() {
        if (producer != null) {
            producer.close();
        }
    }
}
