package io.provisioning.audit.store;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;

/** A stored audit record, as the queries read it; {@link AuditAppender} writes it once. */
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
}
