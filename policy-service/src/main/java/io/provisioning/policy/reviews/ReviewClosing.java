package io.provisioning.policy.reviews;

import io.provisioning.common.health.SchemaReady;
import io.provisioning.common.runtime.BackgroundLoop;
import io.provisioning.policy.lifecycle.AccountPlanner;
import io.provisioning.policy.lifecycle.DesiredStates;
import io.provisioning.policy.lifecycle.LifecycleState;
import io.provisioning.policy.naming.TemplateException;
import io.provisioning.policy.requests.AccessRequests;
import io.provisioning.policy.store.AccessExclusions;
import io.provisioning.policy.store.AccountEntity;
import io.provisioning.policy.store.IdentityEntity;
import io.provisioning.policy.store.IdentityRepository;
import io.provisioning.policy.store.JsonColumns;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.ObservesAsync;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.hibernate.Session;
import org.jboss.logging.Logger;

/**
 * Closes reviews: those whose deadline passed, and those a policy administrator closed. Items are
 * closed a slice of workers at a time, each slice one transaction with its workers' identities
 * locked like any HR event of theirs: a revoked requested grant ends its request, a revoked birthright
 * group becomes an exclusion, and the worker's desired state is recomputed once, so that the normal
 * commands carry the revocations (correlation id: the review's id). An item closes with what became
 * of it and the command that carries its revocation; a slice that fails rolls back and is taken
 * again, so a close interrupted by a restart goes on where it stopped.
 */
@ApplicationScoped
public class ReviewClosing {

    private static final Logger LOG = Logger.getLogger(ReviewClosing.class);
    private static final String NO_ANSWER_REASON = "no answer by the deadline; the review revokes what nobody decided";

    @Inject
    AccessReviews reviews;

    @Inject
    IdentityRepository identities;

    @Inject
    AccountPlanner planner;

    @Inject
    AccessRequests requests;

    @Inject
    ReviewJournal journal;

    @Inject
    EntityManager em;

    @Inject
    io.micrometer.core.instrument.MeterRegistry meters;

    @Inject
    Clock clock;

    @ConfigProperty(name = "provisioning.policy.reviews.workers-per-slice", defaultValue = "500")
    int workersPerSlice;

    @ConfigProperty(name = "provisioning.policy.reviews.interval", defaultValue = "PT2S")
    Duration interval;

    private BackgroundLoop loop;

    @PostConstruct
    void init() {
        loop = new BackgroundLoop("review-closing", this::round, interval);
    }

    void onSchemaReady(@ObservesAsync SchemaReady ready) {
        loop.start();
    }

    void onStop(@Observes ShutdownEvent event) {
        loop.stop();
    }

    /** A review was closed by hand: its closing starts now rather than at the next round. */
    void wake() {
        loop.wake();
    }

    /** Starts the close of reviews past their deadline, then works on one closing review; returns slices done. */
    int round() {
        @SuppressWarnings("unchecked")
        List<UUID> due = QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery(
                        "SELECT review_id FROM access_review WHERE state = 'OPEN' AND deadline <= ?1 ORDER BY deadline")
                .setParameter(1, clock.instant()).getResultList());
        for (UUID reviewId : due) {
            reviews.startClosing(reviewId, ReviewJournal.SYSTEM, "the deadline passed");
        }
        @SuppressWarnings("unchecked")
        List<UUID> closing = QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery(
                "SELECT review_id FROM access_review WHERE state = 'CLOSING' ORDER BY closing_at LIMIT 1").getResultList());
        if (closing.isEmpty()) {
            return 0;
        }
        UUID reviewId = closing.get(0);
        int slices = 0;
        while (QuarkusTransaction.requiringNew().call(() -> slice(reviewId))) {
            slices++;
        }
        QuarkusTransaction.requiringNew().run(() -> finish(reviewId));
        return slices + 1;
    }

    /** Closes the items of the next slice of workers; false when none is left. */
    private boolean slice(UUID reviewId) {
        AccessReviews.Review review = reviews.lock(reviewId, "FOR SHARE");
        @SuppressWarnings("unchecked")
        List<String> workers = em.createNativeQuery("""
                        SELECT DISTINCT worker_id FROM access_review_item WHERE review_id = ?1 AND closed_at IS NULL
                        ORDER BY worker_id LIMIT ?2""")
                .setParameter(1, reviewId).setParameter(2, workersPerSlice).getResultList();
        if (workers.isEmpty()) {
            return false;
        }
        List<Closed> closed = identities.batch(workers, () -> {
            Map<String, List<ReviewItem>> open = openItems(reviewId, workers);
            List<Closed> done = new ArrayList<>();
            open.forEach((workerId, items) -> done.addAll(closeWorker(review, identities.lockIdentity(workerId), items)));
            return done;
        });
        write(reviewId, closed);
        closed.forEach(c -> meters.counter("provisioning.policy.review.items.closed", "outcome", c.outcome()).increment());
        return true;
    }

    /** What became of one item. */
    private record Closed(int itemId, String outcome, String detail, String commandId, Long commandSequence) {
    }

    private List<Closed> closeWorker(AccessReviews.Review review, IdentityEntity identity, List<ReviewItem> items) {
        List<Closed> closed = new ArrayList<>();
        List<ReviewItem> revoked = new ArrayList<>();
        boolean revokeUnanswered = "revoke".equals(review.noAnswer());
        for (ReviewItem item : items) {
            if (ItemDecision.KEEP.equals(item.decision())) {
                closed.add(new Closed(item.itemId(), "kept", "kept by " + item.decidedBy(), null, null));
            } else if (item.decision() == null && !revokeUnanswered) {
                closed.add(new Closed(item.itemId(), "unanswered", "nobody decided; kept, as the review says", null, null));
            } else {
                revoked.add(item);
            }
        }
        if (revoked.isEmpty()) {
            return closed;
        }
        Map<String, AccountEntity> accounts = accounts(identity);
        List<ReviewItem> taken = new ArrayList<>();
        for (ReviewItem item : revoked) {
            List<String> reasons = heldFor(identity, accounts.get(item.targetId()), item.group());
            if (reasons.isEmpty()) {
                closed.add(new Closed(item.itemId(), "no-longer-held", "the worker no longer held the group at the close",
                        null, null));
                continue;
            }
            String actor = item.decision() == null ? ReviewJournal.SYSTEM : item.decidedBy();
            String why = item.decision() == null ? NO_ANSWER_REASON : item.reason();
            List<String> rules = new ArrayList<>();
            for (String reason : reasons) {
                if (reason.startsWith("request:")) {
                    requests.endByReview(UUID.fromString(reason.substring("request:".length())), actor,
                            "revoked in access review " + review.name() + ": " + why);
                } else {
                    rules.add(reason);
                }
            }
            if (!rules.isEmpty()) {
                identities.exclude(identity.workerId, new AccessExclusions.Exclusion(item.targetId(), item.group(),
                        JsonColumns.write(rules), review.reviewId(), item.itemId(), actor, why));
            }
            taken.add(item);
        }
        if (taken.isEmpty()) {
            return closed;
        }
        try {
            planner.reconcile(identity, identity.worker(), review.reviewId().toString(), "ACCESS_REVIEW");
        } catch (TemplateException cannotEvaluate) {
            // the worker's accounts cannot be computed (their HR data lacks a field a name needs): the
            // revocation is recorded and applies with their next change; the item says so
            taken.forEach(item -> closed.add(new Closed(item.itemId(), "revoked", "recorded, not yet provisioned: "
                    + cannotEvaluate.getMessage(), null, null)));
            return closed;
        }
        Map<String, AccountEntity> after = accounts(identity);
        for (ReviewItem item : taken) {
            AccountEntity account = after.get(item.targetId());
            boolean gone = account == null || !DesiredStates.Desired.read(account.desired).groups().contains(item.group());
            String commandId = account == null ? null : identity.workerId + ":" + item.targetId() + ":" + account.sequence;
            Long sequence = account == null ? null : account.sequence;
            String detail = gone ? (item.decision() == null ? NO_ANSWER_REASON : "revoked by " + item.decidedBy())
                    : "still granted after the revocation: " + DesiredStates.Desired.read(account.desired).grants()
                    .get(item.group());
            closed.add(new Closed(item.itemId(), gone ? "revoked" : "not-revoked", detail, gone ? commandId : null,
                    gone ? sequence : null));
            journal.item(review.reviewId(), review.name(), item.decision() == null ? ReviewJournal.SYSTEM : item.decidedBy(),
                    item, "revoked", ItemDecision.REVOKE, item.decidedBy(), detail, gone ? commandId : null);
        }
        return closed;
    }

    /** Why the worker holds the group in the target now (rule ids, request:<id>); empty when they do not. */
    private static List<String> heldFor(IdentityEntity identity, AccountEntity account, String group) {
        if (identity == null || account == null || identity.lifecycle == LifecycleState.TERMINATED
                || identity.lifecycle == LifecycleState.PRE_HIRE) {
            return List.of();
        }
        return DesiredStates.Desired.read(account.desired).grants().getOrDefault(group, List.of());
    }

    private Map<String, AccountEntity> accounts(IdentityEntity identity) {
        Map<String, AccountEntity> accounts = new LinkedHashMap<>();
        if (identity != null) {
            identities.accounts(identity.workerId).forEach(a -> accounts.put(a.targetId, a));
        }
        return accounts;
    }

    private Map<String, List<ReviewItem>> openItems(UUID reviewId, List<String> workers) {
        Map<String, List<ReviewItem>> open = new LinkedHashMap<>();
        em.unwrap(Session.class).doWork(c -> {
            try (PreparedStatement select = c.prepareStatement("SELECT " + ReviewItem.COLUMNS + " FROM access_review_item"
                    + " WHERE review_id = ? AND worker_id = ANY (?) AND closed_at IS NULL ORDER BY worker_id, item_id")) {
                select.setObject(1, reviewId);
                select.setArray(2, c.createArrayOf("text", workers.toArray()));
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        ReviewItem item = ReviewItem.read(rs);
                        open.computeIfAbsent(item.workerId(), w -> new ArrayList<>()).add(item);
                    }
                }
            }
        });
        return open;
    }

    private void write(UUID reviewId, List<Closed> closed) {
        em.unwrap(Session.class).doWork(c -> {
            try (PreparedStatement update = c.prepareStatement("""
                    UPDATE access_review_item i SET outcome = u.outcome, outcome_detail = u.detail,
                        command_id = u.command_id, command_sequence = u.command_sequence, closed_at = ?
                    FROM unnest(?::int[], ?::text[], ?::text[], ?::text[], ?::bigint[])
                        AS u(item_id, outcome, detail, command_id, command_sequence)
                    WHERE i.review_id = ? AND i.item_id = u.item_id""")) {
                update.setTimestamp(1, Timestamp.from(clock.instant()));
                update.setArray(2, c.createArrayOf("int4", closed.stream().map(Closed::itemId).toArray()));
                update.setArray(3, c.createArrayOf("text", closed.stream().map(Closed::outcome).toArray()));
                update.setArray(4, c.createArrayOf("text", closed.stream().map(Closed::detail).toArray()));
                update.setArray(5, c.createArrayOf("text", closed.stream().map(Closed::commandId).toArray()));
                update.setArray(6, c.createArrayOf("int8", closed.stream().map(Closed::commandSequence).toArray()));
                update.setObject(7, reviewId);
                update.executeUpdate();
            }
        });
    }

    /** Every item is closed: the review is CLOSED, with its counts as a fact. */
    private void finish(UUID reviewId) {
        AccessReviews.Review review = reviews.lock(reviewId, "FOR UPDATE");
        if (!review.state().equals("CLOSING")) {
            return;
        }
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("""
                        SELECT outcome, count(*) FROM access_review_item WHERE review_id = ?1 GROUP BY outcome ORDER BY outcome""")
                .setParameter(1, reviewId).getResultList();
        Map<String, Integer> counts = new LinkedHashMap<>();
        rows.forEach(r -> counts.put(String.valueOf(r[0]), ((Number) r[1]).intValue()));
        em.createNativeQuery("UPDATE access_review SET state = 'CLOSED', closed_at = ?2 WHERE review_id = ?1")
                .setParameter(1, reviewId).setParameter(2, clock.instant()).executeUpdate();
        journal.review(reviewId, review.name(), ReviewJournal.SYSTEM, "closed", null, counts);
        LOG.infof("access review %s closed: %s", reviewId, counts);
    }
}
