package io.provisioning.policy.requests;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * An access request as the API shows it.
 *
 * @param stages        the approval stages the policy had when it was made ({@code manager}, {@code owner:...})
 * @param stage         the stage it is at (1-based), or the last one reached once closed
 * @param approver      the worker the current stage waits for; absent when a group decides or it is not PENDING
 * @param approverGroup the realm group whose members may decide the current stage, if any
 * @param decisionDueAt when the current stage expires without a decision
 * @param closeReason   why it closed: who denied, cancelled or revoked it, or what the system saw
 * @param steps         every step in order; only on a single request
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AccessRequestView(UUID requestId, String state, String beneficiary, String requestedBy,
                                String requestedByName, String targetId, String group, String justification,
                                Instant startsAt, Instant endsAt, int stage, List<String> stages, String approver,
                                String approverGroup, Instant decisionDueAt, long policyVersion, Instant createdAt,
                                Instant grantedAt, Instant closedAt, String closeReason, List<Step> steps) {

    /**
     * @param actor    the worker who acted, or {@code system}
     * @param approver for routed: the worker (or {@code group:<name>}) the stage waits for
     * @param comment  the actor's words, or the system's reason
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Step(int seq, Instant at, String action, int stage, String actor, String actorName, String approver,
                       String comment) {
    }

    static AccessRequestView of(AccessRequestEntity r, List<Step> steps) {
        return new AccessRequestView(r.requestId, r.state, r.beneficiaryId, r.requestedBy, r.requestedByName, r.targetId,
                r.group, r.justification, r.startsAt, r.endsAt, r.stage, AccessRequests.stages(r), r.approverId,
                r.approverGroup, r.decisionDueAt, r.policyVersion, r.createdAt, r.grantedAt, r.closedAt, r.closeReason,
                steps);
    }
}
