package io.provisioning.policy.store;

import io.provisioning.contracts.hr.Worker;
import io.provisioning.policy.lifecycle.LifecycleState;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Transient;
import java.time.Instant;

/**
 * A worker's identity: their record as HR last described it and their lifecycle. The record is
 * stored as JSON and handled as a typed {@link Worker}: read at most once per transaction, written
 * once when the identity is written.
 */
@Entity
@Table(name = "identity")
public class IdentityEntity extends PanacheEntityBase {

    @Id
    @Column(name = "worker_id")
    public String workerId;

    @Enumerated(EnumType.STRING)
    public LifecycleState lifecycle;

    /** The worker record as JSON; null while a changed record is not written yet (see {@link #attributes()}). */
    @Column(name = "attributes")
    String attributes;

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

    @Transient
    private Worker worker;

    /**
     * An identity for an event that could not be applied, kept with the reason: with the worker
     * record the event carried, or with none.
     */
    public static IdentityEntity failed(String workerId, Worker worker, Instant now) {
        IdentityEntity identity = new IdentityEntity();
        identity.workerId = workerId;
        identity.lifecycle = LifecycleState.PRE_HIRE;
        if (worker == null) {
            identity.attributes = "{}";
        } else {
            identity.worker(worker);
        }
        identity.updatedAt = now;
        return identity;
    }

    /** A new identity for the worker HR described. */
    public static IdentityEntity of(Worker worker, LifecycleState lifecycle, Instant now) {
        IdentityEntity identity = new IdentityEntity();
        identity.workerId = worker.workerId();
        identity.lifecycle = lifecycle;
        identity.worker(worker);
        identity.updatedAt = now;
        return identity;
    }

    /** The worker record, read from its JSON the first time it is asked for. */
    public Worker worker() {
        if (worker == null && attributes != null) {
            worker = WorkerJson.read(attributes);
        }
        return worker;
    }

    /** Replaces the worker record; its JSON is made when the identity is written. */
    public void worker(Worker replacement) {
        worker = replacement;
        attributes = null;
    }

    /** The worker record as JSON, as it is stored. */
    public String attributes() {
        if (attributes == null && worker != null) {
            attributes = WorkerJson.write(worker);
        }
        return attributes;
    }
}
