package io.provisioning.policy.store;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** One step of a worker's lifecycle: what happened, from which state to which, and why. */
@Entity
@Table(name = "identity_history")
public class IdentityHistoryEntity extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "worker_id")
    public String workerId;

    public Instant at;

    /** The HR event or scheduled action that caused it. */
    public String cause;

    /** e.g. hr.worker.hired, ACTIVATE, STALE, DUPLICATE, ERROR. */
    public String kind;

    @Column(name = "from_state")
    public String fromState;

    @Column(name = "to_state")
    public String toState;

    public String note;
}
