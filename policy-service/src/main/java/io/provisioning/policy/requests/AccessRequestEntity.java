package io.provisioning.policy.requests;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** An access request, with the stage it is at; its steps are in {@code access_request_step}. */
@Entity
@Table(name = "access_request")
public class AccessRequestEntity extends PanacheEntityBase {

    @Id
    @Column(name = "request_id")
    public UUID requestId;

    @Column(name = "beneficiary_id")
    public String beneficiaryId;

    /** The worker who asked: the beneficiary, or one of their managers. */
    @Column(name = "requested_by")
    public String requestedBy;

    /** The sign-in name of who asked. */
    @Column(name = "requested_by_name")
    public String requestedByName;

    @Column(name = "target_id")
    public String targetId;

    @Column(name = "group_name")
    public String group;

    public String justification;

    @Column(name = "starts_at")
    public Instant startsAt;

    @Column(name = "ends_at")
    public Instant endsAt;

    public String state;

    /** The approver specs (JSON array) the policy had when the request was made. */
    public String stages;

    /** The current stage, 1-based. */
    public int stage;

    @Column(name = "fallback_approver")
    public String fallbackApprover;

    /** ISO-8601 duration each stage waits for its decision. */
    @Column(name = "decision_timeout")
    public String decisionTimeout;

    @Column(name = "approver_id")
    public String approverId;

    @Column(name = "approver_group")
    public String approverGroup;

    @Column(name = "decision_due_at")
    public Instant decisionDueAt;

    @Column(name = "policy_version")
    public long policyVersion;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "granted_at")
    public Instant grantedAt;

    @Column(name = "closed_at")
    public Instant closedAt;

    @Column(name = "close_reason")
    public String closeReason;
}
