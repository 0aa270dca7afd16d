package io.provisioning.policy.reviews;

import java.time.Instant;
import java.util.List;

/**
 * An item as the API shows it: whose access, why it exists, who reviews it, what they decided and
 * what became of it.
 *
 * @param rules          the birthright rules that granted it when the review was created
 * @param requests       the access requests that granted it, with who asked and who approved
 * @param reviewerVia    how the reviewer was found (manager, manager's manager, owner, fallback reviewer,
 *                       reassigned by ...)
 * @param decision       keep or revoke; null while undecided
 * @param outcome        once closed: kept, unanswered, revoked, no-longer-held, not-revoked
 * @param commandId      the provisioning command that takes the group away
 * @param delivery       for a revocation: applied, pending or failed (the target refused it)
 * @param deliveryError  the target's reason when it failed
 */
public record ReviewItemView(int itemId, String workerId, String workerName, String department, String targetId,
                             String accountId, String group, List<String> rules, List<GrantingRequest> requests,
                             String reviewerId, String reviewerGroup, String reviewerVia, String decision,
                             String decidedBy, Instant decidedAt, String reason, String outcome, String outcomeDetail,
                             Instant closedAt, String commandId, String delivery, String deliveryError) {

    /** A request behind the access. */
    public record GrantingRequest(String requestId, String requestedBy, List<String> approvedBy) {
    }
}
