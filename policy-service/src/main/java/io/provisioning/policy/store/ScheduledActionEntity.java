package io.provisioning.policy.store;

import io.provisioning.policy.lifecycle.ActionType;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** An effective-dated action waiting in the durable schedule. */
@Entity
@Table(name = "scheduled_action")
public class ScheduledActionEntity extends PanacheEntityBase {

    @Id
    public String id;

    @Column(name = "worker_id")
    public String workerId;

    @Enumerated(EnumType.STRING)
    public ActionType action;

    @Column(name = "due_at")
    public Instant dueAt;

    /** PENDING, DONE or CANCELLED. */
    public String status;

    /** The HR event whose consequence this is: commands it issues carry it as correlation id. */
    @Column(name = "correlation_id")
    public String correlationId;

    /** For APPLY_UPDATE: the worker record that takes effect. */
    public String payload;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "done_at")
    public Instant doneAt;
}
