package io.provisioning.contracts.policy;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.time.Instant;

/**
 * Anything an auditor must see that is not an HR event: policy activations, snapshot decisions,
 * operator actions. Published on {@code policy.changes}; the {@code type} property names the
 * record. New kinds are added as new records, never by changing one.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = PolicyActivated.class, name = "policy.activated"),
        @JsonSubTypes.Type(value = PolicyActivationRefused.class, name = "policy.activation-refused"),
        @JsonSubTypes.Type(value = SnapshotDecision.class, name = "snapshot.decision"),
        @JsonSubTypes.Type(value = OperatorAction.class, name = "operator.action"),
        @JsonSubTypes.Type(value = PolicyEvaluationFailed.class, name = "policy.evaluation-failed"),
        @JsonSubTypes.Type(value = AccessExpiring.class, name = "worker.access-expiring"),
        @JsonSubTypes.Type(value = HrEventIgnored.class, name = "hr.event-ignored"),
        @JsonSubTypes.Type(value = TerminationHeld.class, name = "hr.termination-held"),
        @JsonSubTypes.Type(value = TerminationHoldDecision.class, name = "termination-hold.decision"),
        @JsonSubTypes.Type(value = AccessRequestChange.class, name = "access-request"),
        @JsonSubTypes.Type(value = SodViolation.class, name = "sod.violation"),
        @JsonSubTypes.Type(value = AccessReviewChange.class, name = "access-review"),
        @JsonSubTypes.Type(value = ObservedAccess.class, name = "reconciliation.observed-access")
})
public sealed interface PolicyChange permits PolicyActivated, PolicyActivationRefused, SnapshotDecision,
        OperatorAction, PolicyEvaluationFailed, AccessExpiring, HrEventIgnored, TerminationHeld,
        TerminationHoldDecision, AccessRequestChange, SodViolation, AccessReviewChange,
        ObservedAccess {

    /** Unique id of this change; its idempotency key. Never null. */
    String id();

    /** When it happened. Never null. */
    Instant time();

    /** Subject of the token that caused it, or {@code system} for scheduled work. Never null. */
    String actor();

    /** Kafka key: what the change is about (a policy, a snapshot source, a target). */
    String key();
}
