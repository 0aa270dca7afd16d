package io.provisioning.contracts.policy;

import java.time.Instant;

/**
 * A step of an access request: asked, routed to a stage's approver, approved or denied by them,
 * expired, cancelled, granted (the group joins the worker's desired state) or ended (end reached,
 * revoked, the worker moved or left). Its correlation id is the request's id, which the commands
 * that grant and remove the group carry too: one trace shows who asked, who approved, and what the
 * targets did.
 *
 * @param workerId      the beneficiary; never null
 * @param correlationId the request id; never null
 * @param transition    requested, routed, approved, denied, expired, cancelled, granted or ended
 * @param state         the request's state after this step (PENDING, APPROVED, ACTIVE, DENIED, EXPIRED,
 *                      CANCELLED, ENDED)
 * @param stage         the stage the step concerns (1-based); 0 when none
 * @param approverId    for routed: the worker the stage waits for (null when a group decides); for
 *                      approved and denied: the worker who decided
 * @param approverGroup for routed: the realm group whose members may decide, if any
 * @param requestedBy   the worker who asked (the beneficiary, or one of their managers)
 * @param startsAt      when the grant starts
 * @param endsAt        when the grant ends
 * @param comment       the actor's words (justification when requested, the decision's comment); never a secret
 * @param reason        why the step happened when no person acted (e.g. no decision within P3D)
 */
public record AccessRequestChange(String id, Instant time, String actor, String workerId, String correlationId,
                                  String transition, String state, String targetId, String group, int stage,
                                  String approverId, String approverGroup, String requestedBy, Instant startsAt,
                                  Instant endsAt, String comment, String reason) implements PolicyChange {

    @Override
    public String key() {
        return workerId;
    }
}
