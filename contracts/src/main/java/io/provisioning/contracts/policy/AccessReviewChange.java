package io.provisioning.contracts.policy;

import java.time.Instant;
import java.util.Map;

/**
 * A step of an access review (a certification campaign): created (with its scope and item count),
 * an item decided (keep or revoke, by whom and why) or reassigned to another reviewer, closing, an
 * item's revocation issued (with the command that carries it), closed (with the counts). Its
 * correlation id is the review's id, which the commands that carry its revocations carry too: one
 * trace shows who decided what, and what the targets did.
 *
 * @param workerId      the worker whose access the item is; null for a step of the whole review
 * @param correlationId the review id; never null
 * @param transition    created, decided, reassigned, closing, revoked, exclusion or closed
 * @param reviewName    the review's name
 * @param itemId        the item (1-based within the review); null for a step of the whole review
 * @param targetId      the item's target
 * @param group         the item's group
 * @param decision      for decided: keep or revoke
 * @param reviewerId    for decided: who decided; for reassigned: the new reviewer
 * @param reason        the reviewer's words, or why the system acted; never a secret
 * @param commandId     for revoked: the provisioning command that takes the group away, if one was needed
 * @param counts        for created and closed: items, kept, revoked, unanswered, ...
 */
public record AccessReviewChange(String id, Instant time, String actor, String workerId, String correlationId,
                                 String transition, String reviewName, Integer itemId, String targetId, String group,
                                 String decision, String reviewerId, String reason, String commandId,
                                 Map<String, Integer> counts) implements PolicyChange {

    @Override
    public String key() {
        return workerId != null ? workerId : correlationId;
    }
}
