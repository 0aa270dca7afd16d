package io.provisioning.policy.reviews;

import com.fasterxml.jackson.databind.JsonNode;
import io.provisioning.common.csv.CsvRows;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.Writer;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * A review's evidence: every item with its decision, reviewer, time and reason, what became of it,
 * the command that carried a revocation and how the target answered, each with the sequence numbers
 * of the audit records that prove it; and whether those records agree with what the review store
 * says and the chain that holds them verifies.
 */
@ApplicationScoped
public class ReviewEvidence {

    static final String[] CSV_COLUMNS = {"itemId", "workerId", "workerName", "department", "targetId", "accountId",
            "group", "rules", "requests", "reviewerId", "reviewerGroup", "reviewerVia", "decision", "decidedBy",
            "decidedAt", "reason", "outcome", "outcomeDetail", "commandId", "delivery", "deliveryError",
            "decisionRecord", "revocationRecord", "commandRecord", "outcomeRecord"};

    @Inject
    ReviewQueries queries;

    @Inject
    AuditTrail trail;

    @Inject
    Clock clock;

    /** The audit records (their seq) that prove one item; null where there is none. */
    public record ItemRecords(Long decision, Long revocation, Long command, Long outcome) {
    }

    public record EvidenceItem(ReviewItemView item, ItemRecords auditRecords) {
    }

    /**
     * @param available    whether the audit trail could be read with the caller's token
     * @param detail       why not, when it could not
     * @param records      how many records the trail holds under the review's id
     * @param review       the records of the review's own steps: created, closing, closed
     * @param mismatches   items whose decision or revocation the trail records otherwise (or not at all)
     * @param verification audit-service's verification of the chain (valid, records, head)
     */
    public record AuditSummary(boolean available, String detail, int records, Map<String, Long> review,
                               List<Integer> mismatches, JsonNode verification) {
    }

    public record Evidence(ReviewView review, Instant generatedAt, String generatedBy, AuditSummary audit,
                          List<EvidenceItem> items) {
    }

    public Evidence of(ReviewView review, String generatedBy, String bearer) {
        List<ReviewItemView> items = queries.allItems(UUID.fromString(review.reviewId()));
        AuditTrail.Read read = bearer == null ? new AuditTrail.Read(List.of(), null, "no token to read the trail with")
                : trail.correlated(review.reviewId(), bearer);
        Trail found = Trail.of(read.records());
        List<EvidenceItem> evidence = new ArrayList<>(items.size());
        List<Integer> mismatches = new ArrayList<>();
        for (ReviewItemView item : items) {
            Trail.ItemFacts facts = found.items.getOrDefault(item.itemId(), new Trail.ItemFacts());
            Long command = item.commandId() == null ? null : found.commands.get(item.commandId());
            Long outcome = item.commandId() == null ? null : found.outcomes.get(item.commandId());
            evidence.add(new EvidenceItem(item, new ItemRecords(facts.decisionSeq, facts.revocationSeq, command, outcome)));
            if (read.unavailable() == null && !agrees(item, facts)) {
                mismatches.add(item.itemId());
            }
        }
        AuditSummary audit = new AuditSummary(read.unavailable() == null, read.unavailable(), read.records().size(),
                found.review, mismatches, read.verification());
        return new Evidence(review, clock.instant(), generatedBy, audit, evidence);
    }

    /** Whether the trail records the item's last decision and its revocation as the review store has them. */
    private static boolean agrees(ReviewItemView item, Trail.ItemFacts facts) {
        boolean decision = item.decision() == null ? facts.decision == null
                : item.decision().equals(facts.decision) && Objects.equals(item.decidedBy(), facts.decidedBy);
        boolean revocation = !"revoked".equals(item.outcome()) || facts.revocationSeq != null
                && Objects.equals(item.commandId(), facts.commandId);
        return decision && revocation;
    }

    public static void csv(Evidence evidence, Writer writer) throws IOException {
        CsvRows.write(writer, CSV_COLUMNS);
        for (EvidenceItem e : evidence.items()) {
            ReviewItemView i = e.item();
            ItemRecords r = e.auditRecords();
            CsvRows.write(writer, String.valueOf(i.itemId()), i.workerId(), i.workerName(), i.department(), i.targetId(),
                    i.accountId(), i.group(), String.join(" ", i.rules()),
                    String.join(" ", i.requests().stream().map(q -> q.requestId() + (q.approvedBy().isEmpty() ? ""
                            : " approved by " + String.join("+", q.approvedBy()))).toList()),
                    i.reviewerId(), i.reviewerGroup(), i.reviewerVia(), i.decision(), i.decidedBy(), text(i.decidedAt()),
                    i.reason(), i.outcome(), i.outcomeDetail(), i.commandId(), i.delivery(), i.deliveryError(),
                    text(r.decision()), text(r.revocation()), text(r.command()), text(r.outcome()));
        }
    }

    private static String text(Object value) {
        return value == null ? null : value.toString();
    }

    /** What the trail holds under the review's id, indexed for the items. */
    private static final class Trail {

        static final class ItemFacts {
            Long decisionSeq;
            String decision;
            String decidedBy;
            Long revocationSeq;
            String commandId;
        }

        final Map<Integer, ItemFacts> items = new HashMap<>();
        final Map<String, Long> commands = new HashMap<>();
        final Map<String, Long> outcomes = new HashMap<>();
        final Map<String, Long> review = new LinkedHashMap<>();

        static Trail of(List<JsonNode> records) {
            Trail trail = new Trail();
            for (JsonNode record : records) {
                long seq = record.path("seq").asLong();
                JsonNode payload = record.path("payload");
                switch (record.path("type").asText()) {
                    case "provisioning.command" -> trail.commands.put(payload.path("commandId").asText(), seq);
                    case "provisioning.outcome" -> trail.outcomes.put(payload.path("commandId").asText(), seq);
                    case "access-review" -> trail.reviewStep(payload, seq);
                    default -> { }
                }
            }
            return trail;
        }

        private void reviewStep(JsonNode payload, long seq) {
            String transition = payload.path("transition").asText();
            if (!payload.hasNonNull("itemId")) {
                review.put(transition, seq);
                return;
            }
            ItemFacts facts = items.computeIfAbsent(payload.path("itemId").asInt(), i -> new ItemFacts());
            switch (transition) {
                case "decided" -> {
                    facts.decisionSeq = seq;
                    facts.decision = payload.path("decision").asText(null);
                    facts.decidedBy = payload.path("reviewerId").asText(null);
                }
                case "reassigned" -> {
                    facts.decisionSeq = null;
                    facts.decision = null;
                    facts.decidedBy = null;
                }
                case "revoked" -> {
                    facts.revocationSeq = seq;
                    facts.commandId = payload.path("commandId").asText(null);
                }
                default -> { }
            }
        }
    }
}
