package io.provisioning.policy.reviews;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.provisioning.common.problem.Problem;
import io.provisioning.common.problem.ProblemException;
import io.provisioning.contracts.Json;
import io.provisioning.policy.requests.Caller;
import io.provisioning.policy.store.IdentityRepository;
import io.provisioning.policy.store.PolicyStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.hibernate.Session;

/**
 * Creates reviews, records reviewers' decisions and starts their close. A review is OPEN until its
 * deadline (or until a policy administrator closes it), then CLOSING while {@link ReviewClosing}
 * applies what was decided, then CLOSED. Decisions lock the review row shared and the close locks
 * it exclusively: a decision is either in before the close starts or refused.
 */
@ApplicationScoped
public class AccessReviews {

    /** The most decisions one call records. */
    public static final int MAX_DECISIONS = 1000;
    private static final int MAX_REASON = 2000;

    @Inject
    ReviewItems items;

    @Inject
    ReviewJournal journal;

    @Inject
    PolicyStore policies;

    @Inject
    IdentityRepository identities;

    @Inject
    ReviewClosing closing;

    @Inject
    EntityManager em;

    @Inject
    io.micrometer.core.instrument.MeterRegistry meters;

    @Inject
    Clock clock;

    /** The review row as deciding and closing need it. */
    record Review(UUID reviewId, String name, String state, String noAnswer) {
    }

    @Transactional
    public UUID create(Caller caller, NewReview body) {
        PolicyStore.ActivePolicy active = policies.active();
        ReviewTerms terms = ReviewTerms.of(body, active.document(), clock.instant());
        UUID reviewId = UUID.randomUUID();
        Instant now = clock.instant();
        em.createNativeQuery("""
                        INSERT INTO access_review (review_id, name, scope, reviewer, fallback_reviewer, deadline, no_answer,
                                                   state, items, policy_version, created_by, created_at)
                        VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 'OPEN', 0, ?8, ?9, ?10)""")
                .setParameter(1, reviewId).setParameter(2, terms.name()).setParameter(3, scopeJson(terms))
                .setParameter(4, terms.reviewer()).setParameter(5, terms.fallbackReviewer())
                .setParameter(6, terms.deadline()).setParameter(7, terms.noAnswer().wire())
                .setParameter(8, active.version()).setParameter(9, caller.name()).setParameter(10, now)
                .executeUpdate();
        ReviewItems.Created created = items.create(reviewId, terms);
        em.createNativeQuery("UPDATE access_review SET items = ?2 WHERE review_id = ?1")
                .setParameter(1, reviewId).setParameter(2, created.items()).executeUpdate();
        journal.review(reviewId, terms.name(), caller.name(), "created",
                "scope " + scopeJson(terms) + ", reviewer " + terms.reviewer() + ", deadline " + terms.deadline()
                        + ", no answer means " + terms.noAnswer().wire(), created.counts());
        return reviewId;
    }

    /**
     * Records the decisions, all or none: every item must be the caller's to decide and every decision
     * complete, or nothing is recorded and the answer names each that is not.
     */
    @Transactional
    public void decide(Caller caller, UUID reviewId, List<ItemDecision> decisions) {
        Review review = lock(reviewId, "FOR SHARE");
        if (!review.state().equals("OPEN")) {
            throw ReviewProblems.conflict("review-closed", "The review is " + review.state()
                    + ": decisions are no longer taken.");
        }
        if (decisions == null || decisions.isEmpty() || decisions.size() > MAX_DECISIONS) {
            throw ProblemException.invalid("The body must hold 1 to " + MAX_DECISIONS + " decisions.",
                    List.of(new Problem.FieldError(null, "/decisions", "must hold 1 to " + MAX_DECISIONS + " decisions")));
        }
        Map<Integer, ReviewItem> byId = load(reviewId, decisions.stream().map(ItemDecision::itemId)
                .filter(java.util.Objects::nonNull).distinct().toList());
        Set<String> reassignees = new HashSet<>();
        decisions.forEach(d -> {
            if (d.reassignTo() != null && !d.reassignTo().isBlank()) {
                reassignees.add(d.reassignTo().strip());
            }
        });
        Set<String> activeWorkers = activeWorkers(reassignees);
        List<Problem.FieldError> errors = new ArrayList<>();
        List<String> refusals = new ArrayList<>();
        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < decisions.size(); i++) {
            check(caller, decisions.get(i), i, byId, activeWorkers, seen, errors, refusals);
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid("Some decisions cannot be recorded as given; none was.", errors);
        }
        if (!refusals.isEmpty()) {
            throw ReviewProblems.forbidden(String.join(" ", refusals.subList(0, Math.min(5, refusals.size())))
                    + (refusals.size() > 5 ? " (and " + (refusals.size() - 5) + " more)" : "") + " None was recorded.");
        }
        identities.batch(List.of(), () -> {
            apply(caller, review, decisions, byId);
            return null;
        });
        decisions.forEach(d -> meters.counter("provisioning.policy.review.decisions", "decision", d.decision().strip())
                .increment());
    }

    private void check(Caller caller, ItemDecision d, int at, Map<Integer, ReviewItem> byId, Set<String> activeWorkers,
                       Set<Integer> seen, List<Problem.FieldError> errors, List<String> refusals) {
        ReviewItem item = d.itemId() == null ? null : byId.get(d.itemId());
        if (item == null) {
            errors.add(new Problem.FieldError(at, "/itemId", "is not an item of this review"));
            return;
        }
        if (!seen.add(item.itemId())) {
            errors.add(new Problem.FieldError(at, "/itemId", "is decided twice in this call"));
        }
        String decision = d.decision() == null ? "" : d.decision().strip();
        String reason = d.reason() == null ? null : d.reason().strip();
        switch (decision) {
            case ItemDecision.KEEP -> { }
            case ItemDecision.REVOKE -> {
                if (reason == null || reason.isEmpty()) {
                    errors.add(new Problem.FieldError(at, "/reason", "is required to revoke"));
                }
            }
            case ItemDecision.REASSIGN -> {
                String to = d.reassignTo() == null ? "" : d.reassignTo().strip();
                if (to.isEmpty()) {
                    errors.add(new Problem.FieldError(at, "/reassignTo", "is required to reassign"));
                } else if (to.equals(item.workerId())) {
                    errors.add(new Problem.FieldError(at, "/reassignTo", "is the worker whose access it is:"
                            + " nobody reviews their own access"));
                } else if (!activeWorkers.contains(to)) {
                    errors.add(new Problem.FieldError(at, "/reassignTo", "is not an active worker"));
                }
            }
            default -> errors.add(new Problem.FieldError(at, "/decision", "must be keep, revoke or reassign"));
        }
        if (reason != null && reason.length() > MAX_REASON) {
            errors.add(new Problem.FieldError(at, "/reason", "is longer than " + MAX_REASON + " characters"));
        }
        if (caller.workerId() != null && caller.workerId().equals(item.workerId())) {
            refusals.add("Item " + item.itemId() + " is your own access: nobody reviews their own access.");
            return;
        }
        boolean assigned = caller.workerId() != null && caller.workerId().equals(item.reviewerId())
                || item.reviewerGroup() != null && caller.workerId() != null && caller.groups().contains(item.reviewerGroup());
        boolean adminReassigns = caller.admin() && ItemDecision.REASSIGN.equals(decision);
        if (!assigned && !adminReassigns) {
            refusals.add("Item " + item.itemId() + " waits for " + item.reviewerText() + ", not for you.");
        }
    }

    private void apply(Caller caller, Review review, List<ItemDecision> decisions, Map<Integer, ReviewItem> byId) {
        Instant now = clock.instant();
        String actor = caller.workerId() != null ? caller.workerId() : caller.name();
        List<Object[]> rows = new ArrayList<>();
        for (ItemDecision d : decisions) {
            ReviewItem item = byId.get(d.itemId());
            String decision = d.decision().strip();
            String reason = d.reason() == null || d.reason().isBlank() ? null : d.reason().strip();
            if (decision.equals(ItemDecision.REASSIGN)) {
                String to = d.reassignTo().strip();
                rows.add(new Object[] {item.itemId(), null, null, null, reason, to, "reassigned by " + actor});
                journal.item(review.reviewId(), review.name(), caller.name(), item, "reassigned", null, to, reason, null);
            } else {
                rows.add(new Object[] {item.itemId(), decision, actor, caller.name(), reason, item.reviewerId(), null});
                journal.item(review.reviewId(), review.name(), caller.name(), item, "decided", decision, actor, reason, null);
            }
        }
        em.unwrap(Session.class).doWork(c -> {
            try (PreparedStatement update = c.prepareStatement("""
                    UPDATE access_review_item i SET decision = u.decision, decided_by = u.decided_by,
                        decided_by_name = u.decided_by_name,
                        decided_at = CASE WHEN u.decision IS NULL THEN NULL ELSE CAST(? AS TIMESTAMPTZ) END,
                        reason = u.reason, reviewer_id = u.reviewer_id,
                        reviewer_group = CASE WHEN u.via IS NULL THEN i.reviewer_group END,
                        reviewer_via = COALESCE(u.via, i.reviewer_via)
                    FROM unnest(?::int[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[])
                        AS u(item_id, decision, decided_by, decided_by_name, reason, reviewer_id, via)
                    WHERE i.review_id = ? AND i.item_id = u.item_id""")) {
                update.setTimestamp(1, Timestamp.from(now));
                update.setArray(2, c.createArrayOf("int4", rows.stream().map(r -> r[0]).toArray()));
                for (int col = 1; col <= 6; col++) {
                    int column = col;
                    update.setArray(col + 2, c.createArrayOf("text", rows.stream().map(r -> r[column]).toArray()));
                }
                update.setObject(9, review.reviewId());
                update.executeUpdate();
            }
        });
    }

    /**
     * Starts the close: OPEN becomes CLOSING, and the closing applies what was decided.
     *
     * @param actor who closes it, or {@code system} at the deadline
     * @return false when the review was not OPEN
     */
    @Transactional
    public boolean startClosing(UUID reviewId, String actor, String reason) {
        Review review = lock(reviewId, "FOR UPDATE");
        if (!review.state().equals("OPEN")) {
            return false;
        }
        em.createNativeQuery("UPDATE access_review SET state = 'CLOSING', closing_at = ?2, closed_by = ?3 WHERE review_id = ?1")
                .setParameter(1, reviewId).setParameter(2, clock.instant()).setParameter(3, actor).executeUpdate();
        journal.review(reviewId, review.name(), actor, "closing", reason, null);
        return true;
    }

    /** Closes an open review now (a policy administrator), or says why it cannot be. */
    public void close(Caller caller, UUID reviewId) {
        if (!startClosing(reviewId, caller.name(), "closed by " + caller.name() + " before the deadline")) {
            throw ReviewProblems.conflict("review-closed", "The review is closing or closed already.");
        }
        closing.wake();
    }

    Review lock(UUID reviewId, String mode) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("SELECT review_id, name, state, no_answer FROM access_review"
                + " WHERE review_id = ?1 " + mode).setParameter(1, reviewId).getResultList();
        if (rows.isEmpty()) {
            throw ProblemException.notFound(ReviewProblems.NO_REVIEW);
        }
        Object[] row = rows.get(0);
        return new Review((UUID) row[0], (String) row[1], (String) row[2], (String) row[3]);
    }

    private Map<Integer, ReviewItem> load(UUID reviewId, List<Integer> itemIds) {
        Map<Integer, ReviewItem> byId = new HashMap<>();
        em.unwrap(Session.class).doWork(c -> {
            try (PreparedStatement select = c.prepareStatement("SELECT " + ReviewItem.COLUMNS
                    + " FROM access_review_item WHERE review_id = ? AND item_id = ANY (?) ORDER BY item_id FOR UPDATE")) {
                select.setObject(1, reviewId);
                select.setArray(2, c.createArrayOf("int4", itemIds.toArray()));
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        ReviewItem item = ReviewItem.read(rs);
                        byId.put(item.itemId(), item);
                    }
                }
            }
        });
        return byId;
    }

    @SuppressWarnings("unchecked")
    private Set<String> activeWorkers(Set<String> workerIds) {
        if (workerIds.isEmpty()) {
            return Set.of();
        }
        return new HashSet<>(em.createNativeQuery(
                        "SELECT worker_id FROM identity WHERE worker_id = ANY (?1) AND lifecycle = 'ACTIVE'")
                .setParameter(1, workerIds.toArray(String[]::new)).getResultList());
    }

    private static String scopeJson(ReviewTerms terms) {
        Map<String, Object> scope = new java.util.LinkedHashMap<>();
        scope.put("targets", terms.targets());
        scope.put("groups", terms.groups());
        scope.put("workers", terms.workers());
        try {
            return Json.mapper().writeValueAsString(scope);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a scope", e);
        }
    }
}
