package io.provisioning.audit.store;

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
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.postgresql.util.PSQLException;

/**
 * Appends to the hash chain, a batch of Kafka records per transaction. Appends are serialised by a
 * transaction-scoped advisory lock, so that every record links to exactly one predecessor even with
 * several consumers or replicas; the chain is computed in order within the lock.
 */
@ApplicationScoped
public class AuditAppender {

    /** Arbitrary, fixed: the advisory lock key of the chain head. */
    private static final long CHAIN_LOCK = 0x61756469745f6c6bL;
    private static final int COLUMNS = 13;
    /** The unique index that keeps each fact once (V3__fact_once.sql). */
    private static final String FACT_ONCE = "audit_record_fact_once";
    private static final String COPY = """
            COPY audit_record (seq, recorded_at, type, worker_id, target_id, correlation_id, source_topic,
                source_partition, source_offset, payload, prev_hash, hash, fact_key) FROM STDIN (FORMAT binary)""";

    @Inject
    DataSource dataSource;

    @Inject
    Clock clock;

    /**
     * What one append did with its records.
     *
     * @param stored         appended to the chain now
     * @param redelivered    Kafka records already stored (their partition is stored past their offset)
     * @param duplicateFacts new Kafka records carrying a fact already stored (same topic and id)
     */
    public record Appended(int stored, int redelivered, int duplicateFacts) {
    }

    /**
     * Stores every record not stored yet, in the given order: a record is skipped when its partition
     * is stored up to or past its offset (a redelivery), or when its fact is (the same event, command
     * or outcome published again).
     */
    @Transactional
    public Appended append(List<IncomingFact> facts, Function<IncomingFact, ClassifiedFact> classifier) {
        // Classified, and everything hashed that does not depend on the place in the chain, before
        // taking the lock: only linking and inserting are serialised.
        List<Prepared> prepared = new ArrayList<>(facts.size());
        for (IncomingFact fact : facts) {
            ClassifiedFact what = classifier.apply(fact);
            prepared.add(new Prepared(fact, what, HashChain.parts(what.correlationId(), what.payload(), fact.topic(),
                    fact.partition(), fact.offset(), what.targetId(), what.type(), what.workerId())));
        }
        try (Connection c = dataSource.getConnection()) {
            try (PreparedStatement lock = c.prepareStatement("SELECT 1 FROM pg_advisory_xact_lock(?)")) {
                lock.setLong(1, CHAIN_LOCK);
                lock.executeQuery().close();
            }
            Map<Source, Long> nextOffsets = nextOffsets(c, facts);
            Link head = head(c);
            // PostgreSQL keeps microseconds: hash exactly what will be read back
            Instant recordedAt = clock.instant().truncatedTo(ChronoUnit.MICROS);
            execute(c, "SAVEPOINT before_copy");
            Linked linked;
            try {
                // A fact stored by an earlier batch comes again only after a producer crashed between
                // its send and noting it: rather than look up every fact of every batch, the unique
                // index says when it happened, and the batch is linked again knowing which.
                linked = link(c, prepared, nextOffsets, new HashSet<>(), head, recordedAt);
            } catch (SQLException e) {
                if (!isFactAlreadyStored(e)) {
                    throw e;
                }
                execute(c, "ROLLBACK TO SAVEPOINT before_copy");
                linked = link(c, prepared, nextOffsets, factsAlreadyStored(c, prepared), head, recordedAt);
            }
            if (!linked.advanced().isEmpty()) {
                advance(c, linked.advanced());
            }
            return new Appended(linked.stored(), linked.redelivered(), linked.duplicateFacts());
        } catch (SQLException e) {
            throw new IllegalStateException("cannot append to the audit trail: " + e.getMessage(), e);
        }
    }

    /** The last record of the chain: the next one links to it. */
    private record Link(long seq, String hash) {
    }

    /** What linking a batch did: counts, and the offsets its partitions are now stored up to. */
    private record Linked(int stored, int redelivered, int duplicateFacts, Map<Source, Long> advanced) {
    }

    private static Link head(Connection c) throws SQLException {
        try (PreparedStatement head = c.prepareStatement("SELECT seq, hash FROM audit_record ORDER BY seq DESC LIMIT 1");
             ResultSet rs = head.executeQuery()) {
            return rs.next() ? new Link(rs.getLong(1), rs.getString(2)) : new Link(0, HashChain.GENESIS);
        }
    }

    /**
     * Links the records not stored yet to the chain after {@code head}, streaming each into one COPY
     * as soon as it is hashed.
     */
    private static Linked link(Connection c, List<Prepared> prepared, Map<Source, Long> storedUpTo,
            Set<String> storedFacts, Link head, Instant recordedAt) throws SQLException {
        Map<Source, Long> advanced = new HashMap<>();
        int redelivered = 0;
        int duplicateFacts = 0;
        int count = 0;
        long seq = head.seq();
        String prevHash = head.hash();
        CopyIn in = c.unwrap(PGConnection.class).getCopyAPI().copyIn(COPY);
        try {
            BinaryCopyRows rows = new BinaryCopyRows(in);
            for (Prepared p : prepared) {
                IncomingFact fact = p.fact();
                Source source = new Source(fact.topic(), fact.partition());
                if (fact.offset() < advanced.getOrDefault(source, storedUpTo.getOrDefault(source, 0L))) {
                    redelivered++;
                    continue;
                }
                advanced.put(source, fact.offset() + 1);
                ClassifiedFact what = p.what();
                if (what.factKey() != null && !storedFacts.add(what.factKey())) {
                    duplicateFacts++;
                    continue;
                }
                String hash = HashChain.hash(prevHash, p.parts(), ++seq, recordedAt);
                row(rows, seq, recordedAt, fact, what, prevHash, hash);
                prevHash = hash;
                count++;
            }
            rows.finish();
            long copied = in.endCopy();
            if (copied != count) {
                throw new IllegalStateException("COPY stored " + copied + " of " + count + " audit records");
            }
            return new Linked(count, redelivered, duplicateFacts, advanced);
        } finally {
            if (in.isActive()) {
                in.cancelCopy();
            }
        }
    }

    /** For savepoints: the pool refuses its JDBC methods in a managed transaction, not their SQL. */
    private static void execute(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static boolean isFactAlreadyStored(SQLException e) {
        return e instanceof PSQLException p && "23505".equals(p.getSQLState()) && p.getServerErrorMessage() != null
                && FACT_ONCE.equals(p.getServerErrorMessage().getConstraint());
    }

    /** A fact ready for the chain: all but its seq, time and predecessor are known. */
    private record Prepared(IncomingFact fact, ClassifiedFact what, HashChain.Parts parts) {
    }

    private static void row(BinaryCopyRows rows, long seq, Instant recordedAt, IncomingFact fact, ClassifiedFact what,
            String prevHash, String hash) throws SQLException {
        rows.startRow(COLUMNS);
        rows.int8(seq);
        rows.timestamptz(recordedAt);
        rows.text(what.type());
        rows.text(what.workerId());
        rows.text(what.targetId());
        rows.text(what.correlationId());
        rows.text(fact.topic());
        rows.int4(fact.partition());
        rows.int8(fact.offset());
        rows.text(what.payload());
        rows.text(prevHash);
        rows.text(hash);
        rows.text(what.factKey());
    }

    /** The fact keys among the facts that are already stored. */
    private static Set<String> factsAlreadyStored(Connection c, Collection<Prepared> facts) throws SQLException {
        String[] keys = facts.stream().map(p -> p.what().factKey()).filter(Objects::nonNull).distinct()
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

    /** A Kafka topic partition the trail reads. */
    private record Source(String topic, int partition) {
    }

    /**
     * Per topic partition of the facts, the offset of the next record to store: a partition is
     * read in order, so a record below it is a redelivery.
     */
    private static Map<Source, Long> nextOffsets(Connection c, List<IncomingFact> facts) throws SQLException {
        String[] topics = facts.stream().map(IncomingFact::topic).distinct().toArray(String[]::new);
        Map<Source, Long> next = new HashMap<>();
        try (PreparedStatement s = c.prepareStatement("""
                SELECT source_topic, source_partition, next_offset FROM audit_source_progress
                WHERE source_topic = ANY (?)""")) {
            s.setArray(1, c.createArrayOf("text", topics));
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    next.put(new Source(rs.getString(1), rs.getInt(2)), rs.getLong(3));
                }
            }
        }
        return next;
    }

    /** Records, in the transaction of the batch, how far each of its partitions is now stored. */
    private static void advance(Connection c, Map<Source, Long> advanced) throws SQLException {
        String[] topics = new String[advanced.size()];
        Integer[] partitions = new Integer[advanced.size()];
        Long[] offsets = new Long[advanced.size()];
        int i = 0;
        for (Map.Entry<Source, Long> e : advanced.entrySet()) {
            topics[i] = e.getKey().topic();
            partitions[i] = e.getKey().partition();
            offsets[i++] = e.getValue();
        }
        try (PreparedStatement s = c.prepareStatement("""
                INSERT INTO audit_source_progress (source_topic, source_partition, next_offset)
                SELECT * FROM unnest(?::text[], ?::int[], ?::bigint[])
                ON CONFLICT (source_topic, source_partition)
                DO UPDATE SET next_offset = GREATEST(audit_source_progress.next_offset, EXCLUDED.next_offset)""")) {
            s.setArray(1, c.createArrayOf("text", topics));
            s.setArray(2, c.createArrayOf("int4", partitions));
            s.setArray(3, c.createArrayOf("int8", offsets));
            s.executeUpdate();
        }
    }
}
