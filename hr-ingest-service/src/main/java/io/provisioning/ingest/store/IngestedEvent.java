package io.provisioning.ingest.store;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;

/** An HR event id that was accepted and published once. */
@Entity
@Table(name = "ingested_event")
public class IngestedEvent extends PanacheEntityBase {

    @Id
    @Column(name = "event_id")
    public String eventId;

    @Column(name = "worker_id")
    public String workerId;

    @Column(name = "event_type")
    public String eventType;

    public String source;

    @Column(name = "event_time")
    public OffsetDateTime eventTime;

    @Column(name = "accepted_at")
    public OffsetDateTime acceptedAt;
}
