package io.provisioning.audit.store;

import io.provisioning.audit.chain.ChainedRecord;
import io.provisioning.audit.chain.ClassifiedFact;
import io.provisioning.audit.chain.HashChain;
import io.provisioning.audit.messaging.IncomingFact;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import javax.sql.DataSource;

/**
 * Appends to the hash chain, a batch of Kafka records per transaction. Appends are serialised by a
 * transaction-scoped advisory lock, so that every record links to exactly one predecessor even with
 * several consumers or replicas; the chain is computed in order within the lock.
 */
@ApplicationScoped
public class AuditAppender {

    /** Arbitrary, fixed: the advisory lock key of the chain head. */
    private static final long CHAIN_LOCK = 0x61756469745f6c6bL;
    private static final int BATCH = 1000;

    @Inject
    DataSource dataSource;

    @Inject
    Clock clock;

    /**
     * What one append did with its records.
     *
     * @param stored         appended to the chain now
     * @param redelivered    Kafka records already stored (same topic, partition, offset)
     * @param duplicateFacts new Kafka records carrying a fact already stored (same topic and id)
     */
    public record Appended(int stored, int redelivered, int duplicateFacts) {
    }

    /**
     * Stores every record not stored yet, in the given order: a record is skipped when its topic,
     * partition and offset are stored (a redelivery), or when its fact is (the same event, command
     * or outcome published again).
     */
    @Transactional
    public Appended append(List<IncomingFact> facts, Function<IncomingFact, ClassifiedFact> classifier) {
        // Classified before taking the lock: only hashing and inserting are serialised.
        Map<IncomingFact, ClassifiedFact> classified = new java.util.IdentityHashMap<>();
        facts.forEach(f -> classified.put(f, classifier.apply(f)));
        try (Connection c = dataSource.getConnection()) {
            try (PreparedStatement lock = c.prepareStatement("SELECT 1 FROM pg_advisory_xact_lock(?)")) {
                lock.setLong(1, CHAIN_LOCK);
                lock.executeQuery().close();
            }
            Set<String> stored = alreadyStored(c, facts);
            Set<String> storedFacts = factsAlreadyStored(c, classified.values());
            int redelivered = 0;
            int duplicateFacts = 0;
            long seq;
            String prevHash;
            try (PreparedStatement head = c.prepareStatement("SELECT seq, hash FROM audit_record ORDER BY seq DESC LIMIT 1");
                 ResultSet rs = head.executeQuery()) {
                seq = rs.next() ? rs.getLong(1) : 0;
                prevHash = seq == 0 ? HashChain.GENESIS : rs.getString(2);
            }
            // PostgreSQL keeps microseconds: hash exactly what will be read back
            Instant recordedAt = clock.instant().truncatedTo(ChronoUnit.MICROS);
            int count = 0;
            try (PreparedStatement insert = c.prepareStatement("""
                    INSERT INTO audit_record (seq, recorded_at, type, worker_id, target_id, correlation_id, source_topic,
                        source_partition, source_offset, payload, prev_hash, hash, fact_key)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")) {
                for (IncomingFact fact : facts) {
                    if (!stored.add(key(fact.topic(), fact.partition(), fact.offset()))) {
                        redelivered++;
                        continue;
                    }
                    ClassifiedFact what = classified.get(fact);
                    if (what.factKey() != null && !storedFacts.add(what.factKey())) {
                        duplicateFacts++;
                        continue;
                    }
                    ChainedRecord record = new ChainedRecord(++seq, recordedAt, what.type(), what.workerId(),
                            what.targetId(), what.correlationId(), fact.topic(), fact.partition(), fact.offset(),
                            what.payload());
                    String hash = HashChain.hash(prevHash, record);
                    bind(insert, record, prevHash, hash, what.factKey());
                    insert.addBatch();
                    prevHash = hash;
                    if (++count % BATCH == 0) {
                        insert.executeBatch();
                    }
                }
                insert.executeBatch();
            }
            return new Appended(count, redelivered, duplicateFacts);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot append to the audit trail: " + e.getMessage(), e);
        }
    }

    private static void bind(PreparedStatement insert, ChainedRecord r, String prevHash, String hash,
            String factKey) throws SQLException {
        insert.setLong(1, r.seq());
        insert.setTimestamp(2, Timestamp.from(r.recordedAt()));
        insert.setString(3, r.type());
        insert.setString(4, r.workerId());
        insert.setString(5, r.targetId());
        insert.setString(6, r.correlationId());
        insert.setString(7, r.sourceTopic());
        insert.setInt(8, r.sourcePartition());
        insert.setLong(9, r.sourceOffset());
        insert.setString(10, r.payload());
        insert.setString(11, prevHash);
        insert.setString(12, hash);
        insert.setString(13, factKey);
    }

    /** The fact keys among the facts that are already stored. */
    private static Set<String> factsAlreadyStored(Connection c, Collection<ClassifiedFact> facts) throws SQLException {
        String[] keys = facts.stream().map(ClassifiedFact::factKey).filter(Objects::nonNull).distinct()
                .toArray(String[]::new);
        Set<String> stored = new HashSet<>();
        if (keys.length == 0) {
            return stored;
        }
        try (PreparedStatement s = c.prepareStatement("SELECT fact_key FROM audit_record WHERE fact_key = ANY (?)")) {
            s.setArray(1, c.createArrayOf("text", keys));
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    stored.add(rs.getString(1));
                }
            }
        }
        return stored;
    }

    /** The (topic, partition, offset) keys among the facts that are already stored. */
    private static Set<String> alreadyStored(Connection c, List<IncomingFact> facts) throws SQLException {
        Map<String, long[]> ranges = new LinkedHashMap<>();
        for (IncomingFact f : facts) {
            ranges.merge(f.topic() + "\u0000" + f.partition(), new long[] {f.offset(), f.offset()},
                    (a, b) -> new long[] {Math.min(a[0], b[0]), Math.max(a[1], b[1])});
        }
        Set<String> stored = new HashSet<>();
        try (PreparedStatement s = c.prepareStatement("""
                SELECT source_offset FROM audit_record
                WHERE source_topic = ? AND source_partition = ? AND source_offset BETWEEN ? AND ?""")) {
            for (Map.Entry<String, long[]> range : ranges.entrySet()) {
                String[] tp = range.getKey().split("\u0000");
                s.setString(1, tp[0]);
                s.setInt(2, Integer.parseInt(tp[1]));
                s.setLong(3, range.getValue()[0]);
                s.setLong(4, range.getValue()[1]);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        stored.add(key(tp[0], Integer.parseInt(tp[1]), rs.getLong(1)));
                    }
                }
            }
        }
        return stored;
    }

    private static String key(String topic, int partition, long offset) {
        return topic + "\u0000" + partition + "\u0000" + offset;
    }
}
