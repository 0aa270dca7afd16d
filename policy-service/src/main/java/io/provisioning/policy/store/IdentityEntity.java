package io.provisioning.policy.store;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import io.provisioning.policy.lifecycle.LifecycleState;
import java.time.Instant;

/** A worker's identity: their attributes as HR last described them and their lifecycle. */
@Entity
@Table(name = "identity")
public class IdentityEntity extends PanacheEntityBase {

    @Id
    @Column(name = "worker_id")
    public String workerId;

    @Enumerated(EnumType.STRING)
    public LifecycleState lifecycle;

    /** The worker record as JSON. */
    @Column(name = "attributes")
    public String attributes;

    /** Set by the deletion after the grace period; cleared by a rehire. */
    @Column(name = "accounts_deleted")
    public boolean accountsDeleted;

    @Column(name = "last_event_time")
    public Instant lastEventTime;

    @Column(name = "last_event_id")
    public String lastEventId;

    /** Why the last event could not be evaluated; null when it could. */
    public String error;

    @Column(name = "updated_at")
    public Instant updatedAt;
}
