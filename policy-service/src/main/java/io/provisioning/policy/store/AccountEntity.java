package io.provisioning.policy.store;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;
import org.hibernate.annotations.DynamicUpdate;

/**
 * One account of a worker in a target: the desired state last commanded (with its sequence) and
 * what the connector reported.
 *
 * <p>The two halves are written by different transactions: applying an HR event changes the
 * desired state, recording an outcome the report (see {@code AccountStatusUpdater}). An update
 * therefore writes only the columns it changed; a full-row update from an HR event would put back
 * the report it had read before an outcome was recorded meanwhile.
 */
@DynamicUpdate
@Entity
@Table(name = "account")
@IdClass(AccountEntity.Key.class)
public class AccountEntity extends PanacheEntityBase {

    @Id
    @Column(name = "worker_id")
    public String workerId;

    @Id
    @Column(name = "target_id")
    public String targetId;

    @Column(name = "account_id")
    public String accountId;

    /** Sequence of the last command; the next one is sequence + 1. */
    public long sequence;

    /** PRESENT, DISABLED or ABSENT, as last commanded. */
    @Column(name = "desired_state")
    public String desiredState;

    /** JSON of the last commanded attributes, groups and grants: a command is issued when it changes. */
    @Column(name = "desired")
    public String desired;

    /** PENDING, ACTIVE, DISABLED, DELETED or FAILED (docs/api.md). */
    public String status;

    /** JSON array of the groups the connector reported. */
    @Column(name = "actual_groups")
    public String actualGroups;

    @Column(name = "last_error")
    public String lastError;

    @Column(name = "applied_sequence")
    public long appliedSequence;

    @Column(name = "updated_at")
    public Instant updatedAt;

    /** Composite key. */
    public static class Key implements Serializable {
        public String workerId;
        public String targetId;

        public Key() {
        }

        public Key(String workerId, String targetId) {
            this.workerId = workerId;
            this.targetId = targetId;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.workerId.equals(workerId) && k.targetId.equals(targetId);
        }

        @Override
        public int hashCode() {
            return Objects.hash(workerId, targetId);
        }
    }
}
