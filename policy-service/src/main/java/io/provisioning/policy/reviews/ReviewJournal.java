package io.provisioning.policy.reviews;

import io.provisioning.contracts.Topics;
import io.provisioning.contracts.policy.AccessReviewChange;
import io.provisioning.policy.store.Outbox;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.util.Map;
import java.util.UUID;

/**
 * Every step of a review as an {@code access-review} fact on policy.changes, in the step's
 * transaction, under the review's id as correlation id: what the evidence cites from the audit trail.
 */
@ApplicationScoped
class ReviewJournal {

    static final String SYSTEM = "system";

    @Inject
    Outbox outbox;

    @Inject
    Clock clock;

    /** A step of the whole review: created, closing, closed. */
    @Transactional(Transactional.TxType.MANDATORY)
    void review(UUID reviewId, String name, String actor, String transition, String reason, Map<String, Integer> counts) {
        outbox.enqueue(Topics.POLICY_CHANGES, reviewId.toString(), new AccessReviewChange(reviewId + "-" + transition,
                clock.instant(), actor, null, reviewId.toString(), transition, name, null, null, null, null, null, reason,
                null, counts));
    }

    /** A step of one item: decided, reassigned, revoked. */
    @Transactional(Transactional.TxType.MANDATORY)
    void item(UUID reviewId, String name, String actor, ReviewItem item, String transition, String decision,
              String reviewerId, String reason, String commandId) {
        outbox.enqueue(Topics.POLICY_CHANGES, item.workerId(), new AccessReviewChange(UUID.randomUUID().toString(),
                clock.instant(), actor, item.workerId(), reviewId.toString(), transition, name, item.itemId(),
                item.targetId(), item.group(), decision, reviewerId, reason, commandId, null));
    }
}
