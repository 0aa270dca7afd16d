package io.provisioning.policy.reviews;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Map;

/**
 * A review as the API shows it.
 *
 * @param state       OPEN, CLOSING or CLOSED
 * @param decisions   items by decision: keep, revoke, undecided; and unassigned (nobody can review them)
 * @param outcomes    once closing: items by what became of them (kept, unanswered, revoked, no-longer-held,
 *                    not-revoked) and open (not closed yet)
 * @param revocations the commands that carry the revocations: issued, applied, pending, failed (a target
 *                    refused it: listed with outcome revoked and delivery failed)
 */
public record ReviewView(String reviewId, String name, String state, JsonNode scope, String reviewer,
                         String fallbackReviewer, Instant deadline, String noAnswer, int items, long policyVersion,
                         String createdBy, Instant createdAt, Instant closingAt, String closedBy, Instant closedAt,
                         Map<String, Integer> decisions, Map<String, Integer> outcomes, Map<String, Integer> revocations) {
}
