package io.provisioning.audit.store;

import io.provisioning.audit.chain.ChainedRecord;
import io.provisioning.audit.chain.ClassifiedFact;
import io.provisioning.audit.chain.HashChain;
import io.provisioning.audit.messaging.IncomingFact;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * Appends to the hash chain. Appends are serialised by a transaction-scoped advisory lock, so
 * that every record links to exactly one predecessor even with several consumers or replicas.
 */
@ApplicationScoped
public class AuditAppender {

    /** Arbitrary, fixed: the advisory lock key of the chain head. */
    private static final long CHAIN_LOCK = 0x61756469745f6c6bL;

    private final EntityManager em;
    private final Clock clock;

    AuditAppender(EntityManager em) {
        this.em = em;
        this.clock = Clock.systemUTC();
    }

    /**
     * Stores the record unless that Kafka record (topic, partition, offset) is already stored.
     *
     * @return true if stored now, false if it was a redelivery
     */
    @Transactional
    public boolean append(IncomingFact fact, ClassifiedFact classified) {
        em.createNativeQuery("SELECT 1 FROM pg_advisory_xact_lock(?1)").setParameter(1, CHAIN_LOCK).getSingleResult();
        if (alreadyStored(fact)) {
            return false;
        }
        List<?> head = em.createNativeQuery("SELECT seq, hash FROM audit_record ORDER BY seq DESC LIMIT 1").getResultList();
        long seq = head.isEmpty() ? 1 : ((Number) ((Object[]) head.get(0))[0]).longValue() + 1;
        String prevHash = head.isEmpty() ? HashChain.GENESIS : (String) ((Object[]) head.get(0))[1];
        // PostgreSQL keeps microseconds: hash exactly what will be read back
        Instant recordedAt = clock.instant().truncatedTo(ChronoUnit.MICROS);
        ChainedRecord record = new ChainedRecord(seq, recordedAt, classified.type(), classified.workerId(),
                classified.targetId(), classified.correlationId(), fact.topic(), fact.partition(), fact.offset(),
                classified.payload());
        em.persist(AuditRecordEntity.of(record, prevHash, HashChain.hash(prevHash, record)));
        return true;
    }

    private boolean alreadyStored(IncomingFact fact) {
        return !em.createNativeQuery("""
                        SELECT 1 FROM audit_record
                        WHERE source_topic = ?1 AND source_partition = ?2 AND source_offset = ?3""")
                .setParameter(1, fact.topic())
                .setParameter(2, fact.partition())
                .setParameter(3, fact.offset())
                .getResultList().isEmpty();
    }
}
