package io.provisioning.console.services;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** What the console reads from policy-service (its API's shapes, the fields the pages use). */
public final class PolicyApi {

    private PolicyApi() {
    }

    public record IdentityPage(List<IdentitySummary> items, int page, int size, long total) {
    }

    public record IdentitySummary(String workerId, String name, String lifecycle, String department, String error) {
    }

    public record Identity(String workerId, String lifecycle, Map<String, Object> attributes, List<Account> accounts,
                           List<Scheduled> scheduled, String error, List<Step> history,
                           List<IgnoredEvent> ignoredEvents, List<HeldTermination> heldTerminations,
                           String timeZone, List<ReviewExclusion> reviewExclusions) {

        public String displayName() {
            Object preferred = attributes == null ? null : attributes.get("preferredName");
            Object given = attributes == null ? null : attributes.get("givenName");
            Object family = attributes == null ? null : attributes.get("familyName");
            return ((preferred != null ? preferred : given == null ? "" : given) + " " + (family == null ? "" : family))
                    .strip();
        }
    }

    /** A birthright group an access review revoked: left out of the worker's access until HR moves them. */
    public record ReviewExclusion(String targetId, String group, List<String> rules, String reviewId, String decidedBy,
                                  String reason, Instant since) {
    }

    public record Account(String targetId, String accountId, String status, String desiredState, List<String> groups,
                          String lastError) {
    }

    public record Scheduled(String action, Instant dueAt) {
    }

    public record Step(Instant at, String kind, String fromState, String toState, String cause, String note) {
    }

    public record IgnoredEvent(String eventId, Instant at, String reason) {
    }

    public record HeldTermination(String eventId, String holdId, Instant heldAt) {
    }

    public record VersionPage(List<VersionSummary> items, int page, int size, long total) {
    }

    public record VersionSummary(long version, Instant activatedAt, String author, String comment, String digest) {
    }

    /** A version; {@code document} is the YAML text, or the JSON document as an object. */
    public record Version(long version, Instant activatedAt, String author, String comment, String digest,
                          String format, JsonNode document, boolean active, Rollout rollout) {

        public String text() {
            return document == null ? "" : document.isTextual() ? document.asText() : document.toPrettyString();
        }
    }

    public record Rollout(String status, long identities, long commands, Instant startedAt, Instant finishedAt) {
    }

    public record Counts(long create, long enable, long disable, long delete, long grant, long revoke, long update) {
    }

    /** A preview's answer: per-target counts, the changes of this page, and the cursor of the next. */
    public record Preview(String digest, long identities, long accounts, Map<String, Counts> targets,
                          List<WorkerChanges> workers, String nextCursor) {
    }

    public record WorkerChanges(String workerId, String targetId, String accountId, List<Change> changes) {
    }

    public record Change(String change, String group, String attribute) {

        public String text() {
            return change + (group != null ? " " + group : "") + (attribute != null ? " " + attribute : "");
        }
    }

    /** An activation's answer. */
    public record Activation(long version, Instant activatedAt, String author, boolean changed,
                             Map<String, Counts> targets) {
    }

    /** An access request, as {@code GET /api/v1/access-requests[/{id}]} shows it. */
    public record AccessRequest(String requestId, String state, String beneficiary, String requestedBy,
                                String requestedByName, String targetId, String group, String justification,
                                Instant startsAt, Instant endsAt, int stage, List<String> stages, String approver,
                                String approverGroup, Instant decisionDueAt, Instant createdAt, Instant grantedAt,
                                Instant closedAt, String closeReason, List<RequestStep> steps) {

        public boolean pending() {
            return "PENDING".equals(state);
        }

        public boolean granted() {
            return "ACTIVE".equals(state) || "APPROVED".equals(state);
        }

        /** Who the current stage waits for, in words. */
        public String waitingFor() {
            return approver != null ? approver : approverGroup != null ? "a member of " + approverGroup : "";
        }
    }

    public record RequestStep(int seq, Instant at, String action, int stage, String actor, String actorName,
                              String approver, String comment) {
    }

    public record RequestPage(List<AccessRequest> items, int page, int size) {
    }

    /** An access review, as GET /api/v1/reviews/{id} shows it. */
    public record Review(String reviewId, String name, String state, String reviewer, Instant deadline, String noAnswer,
                         int items, String createdBy, Instant createdAt, Instant closedAt,
                         Map<String, Integer> decisions, Map<String, Integer> outcomes,
                         Map<String, Integer> revocations) {

        public boolean open() {
            return "OPEN".equals(state);
        }

        public int undecided() {
            return decisions == null ? 0 : decisions.getOrDefault("undecided", 0);
        }
    }

    public record ReviewPage(List<Review> items, int page, int size) {
    }

    /** A request behind an item's access. */
    public record GrantingRequest(String requestId, String requestedBy, List<String> approvedBy) {
    }

    /** An item of a review. */
    public record ReviewItem(int itemId, String workerId, String workerName, String targetId, String group,
                             List<String> rules, List<GrantingRequest> requests, String reviewerId, String reviewerVia,
                             String decision, String decidedBy, String reason, String outcome, String delivery,
                             String deliveryError) {

        /** Why the worker holds the group, in words. */
        public String why() {
            List<String> why = new java.util.ArrayList<>();
            if (rules != null && !rules.isEmpty()) {
                why.add("rule " + String.join(", ", rules));
            }
            if (requests != null) {
                requests.forEach(r -> why.add("request by " + r.requestedBy() + (r.approvedBy().isEmpty() ? ""
                        : ", approved by " + String.join(" and ", r.approvedBy()))));
            }
            return String.join("; ", why);
        }
    }

    public record ReviewItemPage(List<ReviewItem> items, int page, int size) {
    }

    public record Requestable(String targetId, String group, List<String> approvers, String maxDuration,
                              String decisionTimeout, boolean keepOnMove) {

        public String key() {
            return targetId + "/" + group;
        }
    }
}
