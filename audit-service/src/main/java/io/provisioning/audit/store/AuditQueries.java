package io.provisioning.audit.store;

import io.provisioning.audit.chain.HashChain;
import io.provisioning.audit.verifier.CheckpointCheck;
import io.provisioning.audit.verifier.SignedCheckpoint;
import io.quarkus.panache.common.Parameters;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/** Read side of the trail, and chain verification. */
@ApplicationScoped
public class AuditQueries {

    private static final int VERIFY_PAGE = 2000;

    @Inject
    DataSource dataSource;

    /**
     * Records matching the filter in seq order, at most {@code limit}. Paging by seq keeps pages
     * stable while records are appended: new records only ever come after the last page.
     */
    @Transactional
    public List<AuditRecordEntity> records(RecordFilter filter, int limit) {
        StringBuilder query = new StringBuilder("seq > :after");
        Parameters params = Parameters.with("after", filter.afterSeq());
        if (filter.workerId() != null) {
            query.append(" and workerId = :workerId");
            params.and("workerId", filter.workerId());
        }
        if (filter.targetId() != null) {
            query.append(" and targetId = :targetId");
            params.and("targetId", filter.targetId());
        }
        if (filter.type() != null) {
            query.append(" and type = :type");
            params.and("type", filter.type());
        }
        if (filter.correlationId() != null) {
            query.append(" and correlationId = :correlationId");
            params.and("correlationId", filter.correlationId());
        }
        if (filter.from() != null) {
            query.append(" and recordedAt >= :from");
            params.and("from", filter.from().atOffset(ZoneOffset.UTC));
        }
        if (filter.to() != null) {
            query.append(" and recordedAt < :to");
            params.and("to", filter.to().atOffset(ZoneOffset.UTC));
        }
        query.append(" order by seq");
        return AuditRecordEntity.<AuditRecordEntity>find(query.toString(), params).page(0, limit).list();
    }

    /** Every record of one correlation id, in order. */
    @Transactional
    public List<AuditRecordEntity> correlated(String correlationId) {
        return AuditRecordEntity.list("correlationId = ?1 order by seq", correlationId);
    }

    /**
     * The payloads of these commands, by command id (a command's record is keyed by its topic and
     * id): what they granted and why.
     */
    @Transactional
    @SuppressWarnings("unchecked")
    public java.util.Map<String, String> commands(java.util.Map<String, String> commandIdToTarget) {
        java.util.Map<String, String> payloads = new java.util.HashMap<>();
        if (commandIdToTarget.isEmpty()) {
            return payloads;
        }
        String[] keys = commandIdToTarget.entrySet().stream()
                .map(e -> "provisioning.commands." + e.getValue() + " " + e.getKey()).toArray(String[]::new);
        List<Object[]> rows = AuditRecordEntity.getEntityManager().createNativeQuery(
                        "SELECT fact_key, payload FROM audit_record WHERE fact_key = ANY (?1)")
                .setParameter(1, keys).getResultList();
        for (Object[] row : rows) {
            String key = (String) row[0];
            payloads.put(key.substring(key.indexOf(' ') + 1), (String) row[1]);
        }
        return payloads;
    }

    /** Every outcome recorded for a worker, in order. */
    @Transactional
    public List<AuditRecordEntity> outcomesOf(String workerId) {
        return AuditRecordEntity.list("workerId = ?1 and type = ?2 order by seq", workerId, "provisioning.outcome");
    }

    /**
     * Recomputes the chain, from the newest checkpoint of the database whose signature verifies (or
     * from the first record when {@code full}), then holds it against the signed checkpoints: the
     * one it started from and the newest on {@code audit.checkpoints}, outside the database. A
     * deleted tail, a rewritten record (even with every hash after it made again) and a forged
     * checkpoint are each {@code valid: false} with the first sequence number that cannot be trusted.
     *
     * @param checkpoints the newest checkpoint of the database whose signature verifies, and the newest published
     */
    public VerifyResult verify(boolean full, CheckpointSource checkpoints) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                return verify(c, full, checkpoints);
            } finally {
                c.rollback();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot verify the audit trail", e);
        }
    }

    private VerifyResult verify(Connection c, boolean full, CheckpointSource source) throws SQLException {
        Optional<SignedCheckpoint> stored = source.newestStored(c);
        Optional<SignedCheckpoint> published = source.newestPublished();
        List<SignedCheckpoint> anchors = new java.util.ArrayList<>();
        stored.ifPresent(anchors::add);
        published.ifPresent(anchors::add);
        source.newestForged(c).ifPresent(anchors::add); // reported as forged by the check below
        long fromSeq = 0;
        String prev = HashChain.GENESIS;
        if (!full && stored.isPresent() && stored.get().hash().equals(hashAt(c, stored.get().seq()))) {
            fromSeq = stored.get().seq();
            prev = stored.get().hash();
        }
        VerifyResult walked = walk(c, fromSeq, prev);
        Long newestSeq = anchors.stream().filter(a -> a.verifiedBy(source.publicKey()))
                .map(SignedCheckpoint::seq).max(Long::compare).orElse(null);
        if (!walked.valid()) {
            return walked.from(fromSeq).anchoredAt(newestSeq, "record " + walked.firstBrokenSeq()
                    + " does not hash to what the trail says, or does not link to its predecessor");
        }
        Optional<CheckpointCheck.Finding> finding = CheckpointCheck.check(walked.records(), seq -> {
            try {
                return hashAt(c, seq);
            } catch (SQLException e) {
                throw new IllegalStateException("cannot read record " + seq, e);
            }
        }, anchors, source.publicKey());
        if (finding.isPresent()) {
            long firstBroken = finding.get().firstBrokenSeq();
            String reason = finding.get().reason();
            if (finding.get().kind() == CheckpointCheck.Kind.REWRITTEN) {
                // the newest earlier checkpoint that still matches bounds where the rewrite begins
                long matching = source.newestMatchingBefore(c, finding.get().checkpointSeq(), seq -> hashAt(c, seq));
                if (matching + 1 > firstBroken) {
                    firstBroken = matching + 1;
                    reason = "record " + finding.get().checkpointSeq() + " does not hash to what its signed checkpoint"
                            + " says, while the checkpoint at seq " + matching + " still matches: a record after seq "
                            + matching + " was rewritten";
                }
            }
            return new VerifyResult(false, Math.min(walked.records(), firstBroken - 1), null, firstBroken, fromSeq,
                    newestSeq, reason);
        }
        return walked.from(fromSeq).anchoredAt(newestSeq, null);
    }

    /** Where verify finds the signed checkpoints. */
    public interface CheckpointSource {
        /** The newest checkpoint of the database whose signature verifies. */
        Optional<SignedCheckpoint> newestStored(Connection c) throws SQLException;

        /** The newest row of the database if its signature does not verify. */
        Optional<SignedCheckpoint> newestForged(Connection c) throws SQLException;

        /**
         * The seq of the newest checkpoint of the database before {@code seq} whose signature verifies and
         * whose hash is still the trail's (0: none).
         */
        long newestMatchingBefore(Connection c, long seq, SqlFunction hashAt) throws SQLException;

        /** The newest checkpoint outside the database. */
        Optional<SignedCheckpoint> newestPublished();

        java.security.PublicKey publicKey();
    }

    /** The hash the trail holds for a seq. */
    @FunctionalInterface
    public interface SqlFunction {
        String hashAt(long seq) throws SQLException;
    }

    private static String hashAt(Connection c, long seq) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT hash FROM audit_record WHERE seq = ?")) {
            s.setLong(1, seq);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    /** Recomputes the chain after {@code fromSeq}, whose hash is {@code fromHash}, to its end. */
    public static VerifyResult walk(Connection c, long fromSeq, String fromHash) throws SQLException {
        long expectedSeq = fromSeq + 1;
        String expectedPrev = fromHash;
        try (PreparedStatement s = c.prepareStatement("""
                SELECT seq, recorded_at, type, worker_id, target_id, correlation_id, source_topic, source_partition,
                       source_offset, payload, prev_hash, hash
                FROM audit_record WHERE seq > ? ORDER BY seq""")) {
            s.setLong(1, fromSeq);
            s.setFetchSize(VERIFY_PAGE);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    var record = new io.provisioning.audit.chain.ChainedRecord(rs.getLong(1),
                            rs.getTimestamp(2).toInstant(), rs.getString(3), rs.getString(4), rs.getString(5),
                            rs.getString(6), rs.getString(7), rs.getInt(8), rs.getLong(9), rs.getString(10));
                    String prevHash = rs.getString(11);
                    boolean linked = record.seq() == expectedSeq && prevHash.equals(expectedPrev);
                    if (!linked || !HashChain.hash(prevHash, record).equals(rs.getString(12))) {
                        return new VerifyResult(false, expectedSeq - 1, expectedPrev, expectedSeq, fromSeq, null, null);
                    }
                    expectedPrev = rs.getString(12);
                    expectedSeq++;
                }
            }
        }
        return new VerifyResult(true, expectedSeq - 1, expectedPrev, null, fromSeq, null, null);
    }

    /**
     * @param records        how many records are valid (the chain up to the first broken one)
     * @param head           hash of the last valid record
     * @param firstBrokenSeq null when valid
     * @param verifiedFrom   the checkpoint the walk started after (0: from the first record)
     * @param signedCheckpointSeq the newest signed checkpoint the trail was held against (null: none yet)
     * @param reason         what is wrong (null when valid)
     */
    public record VerifyResult(boolean valid, long records, String head, Long firstBrokenSeq, long verifiedFrom,
                               Long signedCheckpointSeq, String reason) {

        VerifyResult from(long seq) {
            return new VerifyResult(valid, records, head, firstBrokenSeq, seq, signedCheckpointSeq, reason);
        }

        VerifyResult anchoredAt(Long checkpointSeq, String why) {
            return new VerifyResult(valid, records, head, firstBrokenSeq, verifiedFrom, checkpointSeq, why);
        }
    }
}
