package io.provisioning.audit.store;

import io.provisioning.audit.chain.ChainedRecord;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/** A stored audit record; written once by {@link AuditAppender}, then only read. */
@Entity
@Table(name = "audit_record")
public class AuditRecordEntity extends PanacheEntityBase {

    @Id
    public long seq;

    @Column(name = "recorded_at")
    public OffsetDateTime recordedAt;

    public String type;

    @Column(name = "worker_id")
    public String workerId;

    @Column(name = "target_id")
    public String targetId;

    @Column(name = "correlation_id")
    public String correlationId;

    @Column(name = "source_topic")
    public String sourceTopic;

    @Column(name = "source_partition")
    public int sourcePartition;

    @Column(name = "source_offset")
    public long sourceOffset;

    public String payload;

    @Column(name = "prev_hash")
    public String prevHash;

    public String hash;

    /** The fields the hash covers, as stored. */
    public ChainedRecord chained() {
        return new ChainedRecord(seq, recordedAt.toInstant(), type, workerId, targetId, correlationId, sourceTopic,
                sourcePartition, sourceOffset, payload);
    }

    static AuditRecordEntity of(ChainedRecord record, String prevHash, String hash) {
        AuditRecordEntity entity = new AuditRecordEntity();
        entity.seq = record.seq();
        entity.recordedAt = record.recordedAt().atOffset(ZoneOffset.UTC);
        entity.type = record.type();
        entity.workerId = record.workerId();
        entity.targetId = record.targetId();
        entity.correlationId = record.correlationId();
        entity.sourceTopic = record.sourceTopic();
        entity.sourcePartition = record.sourcePartition();
        entity.sourceOffset = record.sourceOffset();
        entity.payload = record.payload();
        entity.prevHash = prevHash;
        entity.hash = hash;
        return entity;
    }
}
