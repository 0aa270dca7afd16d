package io.provisioning.audit.store;

import io.provisioning.audit.chain.HashChain;
import io.quarkus.panache.common.Parameters;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
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

    @Inject
    Clock clock;

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

    /** Every outcome recorded for a worker, in order. */
    @Transactional
    public List<AuditRecordEntity> outcomesOf(String workerId) {
        return AuditRecordEntity.list("workerId = ?1 and type = ?2 order by seq", workerId, "provisioning.outcome");
    }

    /**
     * Recomputes the chain: from the last checkpoint, or from the first record when {@code full}.
     * A valid run that got further than the checkpoint stores a new one.
     */
    @Transactional
    public VerifyResult verify(boolean full) {
        try (Connection c = dataSource.getConnection()) {
            long fromSeq = 0;
            String prev = HashChain.GENESIS;
            if (!full) {
                try (PreparedStatement s = c.prepareStatement(
                        "SELECT seq, hash FROM audit_checkpoint ORDER BY seq DESC LIMIT 1");
                     ResultSet rs = s.executeQuery()) {
                    if (rs.next()) {
                        fromSeq = rs.getLong(1);
                        prev = rs.getString(2);
                    }
                }
            }
            VerifyResult result = walk(c, fromSeq, prev);
            if (result.valid() && result.records() > fromSeq) {
                try (PreparedStatement s = c.prepareStatement("""
                        INSERT INTO audit_checkpoint (seq, hash, verified_at) VALUES (?, ?, ?)
                        ON CONFLICT (seq) DO NOTHING""")) {
                    s.setLong(1, result.records());
                    s.setString(2, result.head());
                    s.setTimestamp(3, Timestamp.from(clock.instant()));
                    s.executeUpdate();
                }
            }
            return result.from(fromSeq);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot verify the audit trail", e);
        }
    }

    private static VerifyResult walk(Connection c, long fromSeq, String fromHash) throws SQLException {
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
                        return new VerifyResult(false, expectedSeq - 1, expectedPrev, expectedSeq, fromSeq);
                    }
                    expectedPrev = rs.getString(12);
                    expectedSeq++;
                }
            }
        }
        return new VerifyResult(true, expectedSeq - 1, expectedPrev, null, fromSeq);
    }

    /**
     * @param records        how many records are valid (the chain up to the first broken one)
     * @param head           hash of the last valid record
     * @param firstBrokenSeq null when valid
     * @param verifiedFrom   the checkpoint the walk started after (0: from the first record)
     */
    public record VerifyResult(boolean valid, long records, String head, Long firstBrokenSeq, long verifiedFrom) {

        VerifyResult from(long seq) {
            return new VerifyResult(valid, records, head, firstBrokenSeq, seq);
        }
    }
}
