package io.provisioning.audit.store;

import io.provisioning.audit.chain.HashChain;
import io.quarkus.panache.common.Parameters;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.ZoneOffset;
import java.util.List;

/** Read side of the trail. */
@ApplicationScoped
public class AuditQueries {

    private static final int VERIFY_PAGE = 1000;

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

    /** Recomputes the whole chain from the first record. */
    @Transactional
    public VerifyResult verifyAll() {
        long after = 0;
        long count = 0;
        String expectedPrev = HashChain.GENESIS;
        while (true) {
            List<AuditRecordEntity> page = AuditRecordEntity.<AuditRecordEntity>find("seq > ?1 order by seq", after)
                    .page(0, VERIFY_PAGE).list();
            if (page.isEmpty()) {
                return new VerifyResult(true, count, expectedPrev, null);
            }
            for (AuditRecordEntity record : page) {
                boolean linked = record.seq == count + 1 && record.prevHash.equals(expectedPrev);
                if (!linked || !HashChain.hash(record.prevHash, record.chained()).equals(record.hash)) {
                    return new VerifyResult(false, count, expectedPrev, count + 1);
                }
                expectedPrev = record.hash;
                count++;
            }
            after = page.get(page.size() - 1).seq;
            AuditRecordEntity.getEntityManager().clear();
        }
    }

    /**
     * @param records        how many records were verified (up to the first broken one)
     * @param head           hash of the last valid record
     * @param firstBrokenSeq null when valid
     */
    public record VerifyResult(boolean valid, long records, String head, Long firstBrokenSeq) {
    }

}
