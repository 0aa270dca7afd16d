package io.provisioning.policy.reviews;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.provisioning.common.csv.CsvRows;
import io.provisioning.contracts.Json;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.OutputStream;
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

    private static final ObjectMapper MAPPER = Json.mapper();
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
     * @param verification audit-service's verification of the chain (valid, records, head)
     */
    public record AuditSummary(boolean available, String detail, int records, Map<String, Long> review,
                               JsonNode verification) {
    }

    /**
     * The evidence as the JSON export writes it (a stream: the items, then the mismatches).
     *
     * @param mismatches items whose decision or revocation the trail records otherwise, or not at all
     */
    public record Evidence(ReviewView review, Instant generatedAt, String generatedBy, AuditSummary audit,
                           List<EvidenceItem> items, List<Integer> mismatches) {
    }

    /** The trail read and indexed, before anything is written: what the export cites. */
    public static final class Prepared {
        final ReviewView review;
        final Instant generatedAt;
        final String generatedBy;
        final AuditSummary audit;
        final Trail found;

        Prepared(ReviewView review, Instant generatedAt, String generatedBy, AuditSummary audit, Trail found) {
            this.review = review;
            this.generatedAt = generatedAt;
            this.generatedBy = generatedBy;
            this.audit = audit;
            this.found = found;
        }
    }

    /** Reads the review's trail with the caller's token (when there is one) and indexes it. */
    public Prepared prepare(ReviewView review, String generatedBy, String bearer) {
        Trail found = new Trail();
        AuditTrail.Read read = bearer == null ? AuditTrail.Read.unavailable("no token to read the trail with")
                : trail.correlated(review.reviewId(), bearer, found::add);
        AuditSummary audit = new AuditSummary(read.unavailable() == null, read.unavailable(), read.records(),
                found.review, read.verification());
        return new Prepared(review, clock.instant(), generatedBy, audit, found);
    }

    /** Writes the evidence as JSON, the items streamed from the store. */
    public void json(Prepared prepared, OutputStream out) throws IOException {
        try (JsonGenerator json = MAPPER.getFactory().createGenerator(out)) {
            json.writeStartObject();
            json.writeObjectField("review", prepared.review);
            json.writeObjectField("generatedAt", prepared.generatedAt);
            json.writeStringField("generatedBy", prepared.generatedBy);
            json.writeObjectField("audit", prepared.audit);
            json.writeArrayFieldStart("items");
            List<Integer> mismatches = new ArrayList<>();
            queries.streamItems(UUID.fromString(prepared.review.reviewId()), items -> {
                for (ReviewItemView item : items) {
                    json.writeObject(new EvidenceItem(item, records(prepared, item, mismatches)));
                }
            });
            json.writeEndArray();
            json.writeObjectField("mismatches", mismatches);
            json.writeEndObject();
        }
    }

    /** Writes the evidence as CSV, one row per item, the items streamed from the store. */
    public void csv(Prepared prepared, Writer writer) throws IOException {
        CsvRows.write(writer, CSV_COLUMNS);
        queries.streamItems(UUID.fromString(prepared.review.reviewId()), items -> {
            for (ReviewItemView i : items) {
                ItemRecords r = records(prepared, i, new ArrayList<>());
                CsvRows.write(writer, String.valueOf(i.itemId()), i.workerId(), i.workerName(), i.department(),
                        i.targetId(), i.accountId(), i.group(), String.join(" ", i.rules()),
                        String.join(" ", i.requests().stream().map(q -> q.requestId() + (q.approvedBy().isEmpty() ? ""
                                : " approved by " + String.join("+", q.approvedBy()))).toList()),
                        i.reviewerId(), i.reviewerGroup(), i.reviewerVia(), i.decision(), i.decidedBy(),
                        text(i.decidedAt()), i.reason(), i.outcome(), i.outcomeDetail(), i.commandId(), i.delivery(),
                        i.deliveryError(), text(r.decision()), text(r.revocation()), text(r.command()),
                        text(r.outcome()));
            }
        });
    }

    /** The records that prove the item; the item joins the mismatches when the trail says otherwise. */
    private static ItemRecords records(Prepared prepared, ReviewItemView item, List<Integer> mismatches) {
        Trail.ItemFacts facts = prepared.found.items.getOrDefault(item.itemId(), Trail.ItemFacts.NONE);
        Long command = item.commandId() == null ? null : prepared.found.commands.get(item.commandId());
        Long outcome = item.commandId() == null ? null : prepared.found.outcomes.get(item.commandId());
        if (prepared.audit.available() && !agrees(item, facts)) {
            mismatches.add(item.itemId());
        }
        return new ItemRecords(facts.decisionSeq, facts.revocationSeq, command, outcome);
    }

    /** Whether the trail records the item's last decision and its revocation as the review store has them. */
    private static boolean agrees(ReviewItemView item, Trail.ItemFacts facts) {
        boolean decision = item.decision() == null ? facts.decision == null
                : item.decision().equals(facts.decision) && Objects.equals(item.decidedBy(), facts.decidedBy);
        boolean revocation = !"revoked".equals(item.outcome()) || facts.revocationSeq != null
                && Objects.equals(item.commandId(), facts.commandId);
        return decision && revocation;
    }

    private static String text(Object value) {
        return value == null ? null : value.toString();
    }

    /** What the trail holds under the review's id, indexed for the items. */
    private static final class Trail {

        static final class ItemFacts {
            static final ItemFacts NONE = new ItemFacts();
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

        /** Indexes one record of the trail. */
        void add(JsonNode record) {
            long seq = record.path("seq").asLong();
            JsonNode payload = record.path("payload");
            switch (record.path("type").asText()) {
                case "provisioning.command" -> commands.put(payload.path("commandId").asText(), seq);
                case "provisioning.outcome" -> outcomes.put(payload.path("commandId").asText(), seq);
                case "access-review" -> reviewStep(payload, seq);
                default -> { }
            }
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
