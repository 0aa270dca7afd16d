package io.provisioning.policy.store;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The termination-burst guard's tables: the guard row every counting transaction locks, the
 * terminations admitted per minute, the holds and the terminations waiting in them. Always in the
 * caller's transaction.
 */
@ApplicationScoped
public class HeldTerminations {

    /** A hold as stored, with how many terminations it holds and how many still wait. */
    public record Hold(UUID holdId, String status, Instant openedAt, int threshold, int admittedInWindow,
                       long activeIdentities, String window, String decidedBy, Instant decidedAt, Instant closedAt,
                       int held, int pending) {
    }

    /** One termination in a hold; releasedAt and outcome are null while it waits. */
    public record Held(long seq, UUID holdId, String eventId, String workerId, Instant eventTime, Instant heldAt,
                       Instant releasedAt, String outcome) {
    }

    /** A termination to release: its event as it arrived, when hr-ingest accepted it, its hold's decision. */
    public record Pending(long seq, UUID holdId, String decision, String decidedBy, String eventJson,
                          Instant acceptedAt) {
    }

    private static final String HOLD_COLUMNS = "h.hold_id, h.status, h.opened_at, h.threshold, h.admitted_in_window,"
            + " h.active_identities, h.window_length, h.decided_by, h.decided_at, h.closed_at,"
            + " (SELECT count(*) FROM held_termination t WHERE t.hold_id = h.hold_id),"
            + " (SELECT count(*) FROM held_termination t WHERE t.hold_id = h.hold_id AND t.released_at IS NULL)";

    @Inject
    EntityManager em;

    /** Locks the guard row: counting and deciding transactions take their turns. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void lockGuard() {
        em.createNativeQuery("SELECT id FROM termination_guard WHERE id = 1 FOR UPDATE").getResultList();
    }

    /** Terminations admitted from the start of the window's first minute until now. */
    @Transactional(Transactional.TxType.MANDATORY)
    public int admittedSince(Instant from, Instant now) {
        Number sum = (Number) em.createNativeQuery("SELECT coalesce(sum(admitted), 0) FROM termination_admitted"
                        + " WHERE minute >= ?1 AND minute <= ?2")
                .setParameter(1, ts(from.truncatedTo(ChronoUnit.MINUTES))).setParameter(2, ts(now))
                .getSingleResult();
        return sum.intValue();
    }

    /**
     * Adds admitted terminations (a negative number gives back what a batch took and did not use)
     * to a minute, and forgets minutes older than the window.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void admit(Instant minute, int admitted, Instant windowStart) {
        em.createNativeQuery("INSERT INTO termination_admitted (minute, admitted) VALUES (?1, ?2)"
                        + " ON CONFLICT (minute) DO UPDATE SET admitted = termination_admitted.admitted + ?2")
                .setParameter(1, ts(minute.truncatedTo(ChronoUnit.MINUTES))).setParameter(2, admitted).executeUpdate();
        em.createNativeQuery("DELETE FROM termination_admitted WHERE minute < ?1")
                .setParameter(1, ts(windowStart.truncatedTo(ChronoUnit.MINUTES).minus(1, ChronoUnit.MINUTES)))
                .executeUpdate();
    }

    /** After a decision the window starts again: what came before has been looked at by an operator. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void restartWindow(Instant now) {
        em.createNativeQuery("DELETE FROM termination_admitted").executeUpdate();
        em.createNativeQuery("UPDATE termination_guard SET window_reset_at = ?1 WHERE id = 1")
                .setParameter(1, ts(now)).executeUpdate();
    }

    /**
     * Identities not terminated, counted up to a limit: beyond it the threshold no longer depends on
     * the count, and a large workforce is not scanned for every batch of leavers.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public long activeIdentities(long upTo) {
        return ((Number) em.createNativeQuery("SELECT count(*) FROM (SELECT 1 FROM identity"
                        + " WHERE lifecycle <> 'TERMINATED' LIMIT ?1) active")
                .setParameter(1, upTo).getSingleResult()).longValue();
    }

    /** The hold collecting terminations now, if any. */
    @Transactional(Transactional.TxType.MANDATORY)
    public Optional<UUID> openHold() {
        List<?> rows = em.createNativeQuery("SELECT hold_id FROM termination_hold WHERE status = 'HELD'").getResultList();
        return rows.stream().findFirst().map(id -> (UUID) id);
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void createHold(UUID holdId, Instant openedAt, int threshold, int admittedInWindow, long activeIdentities,
                           String window) {
        em.createNativeQuery("INSERT INTO termination_hold (hold_id, status, opened_at, threshold, admitted_in_window,"
                        + " active_identities, window_length) VALUES (?1, 'HELD', ?2, ?3, ?4, ?5, ?6)")
                .setParameter(1, holdId).setParameter(2, ts(openedAt)).setParameter(3, threshold)
                .setParameter(4, admittedInWindow).setParameter(5, activeIdentities).setParameter(6, window)
                .executeUpdate();
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void hold(UUID holdId, String eventId, String workerId, Instant eventTime, String eventJson,
                     Instant acceptedAt, Instant heldAt) {
        em.createNativeQuery("INSERT INTO held_termination (hold_id, event_id, worker_id, event_time, event, accepted_at,"
                        + " held_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)")
                .setParameter(1, holdId).setParameter(2, eventId).setParameter(3, workerId)
                .setParameter(4, ts(eventTime)).setParameter(5, eventJson)
                .setParameter(6, acceptedAt == null ? null : ts(acceptedAt)).setParameter(7, ts(heldAt))
                .executeUpdate();
    }

    /**
     * Moves a HELD hold to the decision, with the terminations it holds as the decision sees them.
     *
     * @return how many terminations the decision covers; -1 if the hold is not HELD (unknown, or decided before)
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public int decide(UUID holdId, String decision, String actor, Instant at) {
        int decided = em.createNativeQuery("UPDATE termination_hold SET status = ?2, decided_by = ?3, decided_at = ?4"
                        + " WHERE hold_id = ?1 AND status = 'HELD'")
                .setParameter(1, holdId).setParameter(2, decision).setParameter(3, actor).setParameter(4, ts(at))
                .executeUpdate();
        if (decided == 0) {
            return -1;
        }
        return em.createNativeQuery("UPDATE held_termination SET decision = ?2 WHERE hold_id = ?1 AND decision IS NULL")
                .setParameter(1, holdId).setParameter(2, decision).executeUpdate();
    }

    /**
     * Terminations that joined a hold after it was decided (their transaction committed after the
     * decision): moved to the hold collecting terminations now.
     *
     * @return how many were moved
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public int moveUndecided(UUID toHold) {
        return em.createNativeQuery("UPDATE held_termination t SET hold_id = ?1 FROM termination_hold h"
                        + " WHERE h.hold_id = t.hold_id AND h.status <> 'HELD' AND t.decision IS NULL"
                        + " AND t.released_at IS NULL")
                .setParameter(1, toHold).executeUpdate();
    }

    /** Whether terminations wait in decided holds without being covered by the decision. */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean anyUndecided() {
        return !em.createNativeQuery("SELECT 1 FROM held_termination t JOIN termination_hold h ON h.hold_id = t.hold_id"
                        + " WHERE h.status <> 'HELD' AND t.decision IS NULL AND t.released_at IS NULL LIMIT 1")
                .getResultList().isEmpty();
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public Optional<Hold> find(UUID holdId) {
        List<?> rows = em.createNativeQuery("SELECT " + HOLD_COLUMNS + " FROM termination_hold h WHERE h.hold_id = ?1")
                .setParameter(1, holdId).getResultList();
        return rows.stream().findFirst().map(r -> hold((Object[]) r));
    }

    /** Holds, newest first, optionally of one status. */
    @Transactional(Transactional.TxType.MANDATORY)
    public List<Hold> list(String status, int page, int size) {
        List<?> rows = em.createNativeQuery("SELECT " + HOLD_COLUMNS + " FROM termination_hold h"
                        + " WHERE (CAST(?1 AS TEXT) IS NULL OR h.status = ?1) ORDER BY h.opened_at DESC, h.hold_id"
                        + " LIMIT ?2 OFFSET ?3")
                .setParameter(1, status).setParameter(2, size).setParameter(3, (long) page * size).getResultList();
        return rows.stream().map(r -> hold((Object[]) r)).toList();
    }

    /** The terminations of a hold, in the order they arrived. */
    @Transactional(Transactional.TxType.MANDATORY)
    public List<Held> terminations(UUID holdId, int page, int size) {
        List<?> rows = em.createNativeQuery("SELECT seq, hold_id, event_id, worker_id, event_time, held_at, released_at, outcome"
                        + " FROM held_termination WHERE hold_id = ?1 ORDER BY seq LIMIT ?2 OFFSET ?3")
                .setParameter(1, holdId).setParameter(2, size).setParameter(3, (long) page * size).getResultList();
        return rows.stream().map(r -> held((Object[]) r)).toList();
    }

    /** The worker's terminations that still wait for a decision or to be applied. */
    @Transactional(Transactional.TxType.MANDATORY)
    public List<Held> waitingFor(String workerId) {
        List<?> rows = em.createNativeQuery("SELECT seq, hold_id, event_id, worker_id, event_time, held_at, released_at, outcome"
                        + " FROM held_termination WHERE worker_id = ?1 AND released_at IS NULL ORDER BY seq")
                .setParameter(1, workerId).getResultList();
        return rows.stream().map(r -> held((Object[]) r)).toList();
    }

    /** Terminations of decided holds that have not been released yet, oldest first, each row locked. */
    @Transactional(Transactional.TxType.MANDATORY)
    public List<Pending> releasable(int limit) {
        List<?> rows = em.createNativeQuery("SELECT t.seq, t.hold_id, t.decision, h.decided_by, t.event, t.accepted_at"
                        + " FROM held_termination t JOIN termination_hold h ON h.hold_id = t.hold_id"
                        + " WHERE t.released_at IS NULL AND t.decision IS NOT NULL"
                        + " ORDER BY t.seq LIMIT ?1 FOR UPDATE OF t SKIP LOCKED")
                .setParameter(1, limit).getResultList();
        return rows.stream().map(r -> {
            Object[] row = (Object[]) r;
            return new Pending(((Number) row[0]).longValue(), (UUID) row[1], (String) row[2], (String) row[3],
                    (String) row[4], instant(row[5]));
        }).toList();
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void released(long seq, String outcome, Instant at) {
        released(Map.of(seq, outcome), at);
    }

    /** Marks terminations released with what releasing each did: one statement per distinct outcome. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void released(Map<Long, String> outcomes, Instant at) {
        Map<String, List<Long>> byOutcome = new java.util.TreeMap<>();
        outcomes.forEach((seq, outcome) -> byOutcome.computeIfAbsent(outcome, o -> new java.util.ArrayList<>()).add(seq));
        byOutcome.forEach((outcome, seqs) -> em.createNativeQuery(
                        "UPDATE held_termination SET released_at = ?2, outcome = ?3 WHERE seq = ANY (?1)")
                .setParameter(1, seqs.toArray(Long[]::new)).setParameter(2, ts(at)).setParameter(3, outcome)
                .executeUpdate());
    }

    /** Marks approved holds with nothing left to apply APPLIED, and closes rejected ones likewise. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void closeFinished(Instant at) {
        em.createNativeQuery("UPDATE termination_hold h SET status = CASE WHEN h.status = 'APPROVED' THEN 'APPLIED'"
                        + " ELSE h.status END, closed_at = ?1"
                        + " WHERE h.status IN ('APPROVED', 'REJECTED') AND h.closed_at IS NULL AND NOT EXISTS"
                        + " (SELECT 1 FROM held_termination t WHERE t.hold_id = h.hold_id AND t.released_at IS NULL)")
                .setParameter(1, ts(at)).executeUpdate();
    }

    private static Hold hold(Object[] r) {
        return new Hold((UUID) r[0], (String) r[1], instant(r[2]), ((Number) r[3]).intValue(),
                ((Number) r[4]).intValue(), ((Number) r[5]).longValue(), (String) r[6], (String) r[7], instant(r[8]),
                instant(r[9]), ((Number) r[10]).intValue(), ((Number) r[11]).intValue());
    }

    private static Held held(Object[] r) {
        return new Held(((Number) r[0]).longValue(), (UUID) r[1], (String) r[2], (String) r[3], instant(r[4]),
                instant(r[5]), instant(r[6]), (String) r[7]);
    }

    private static Timestamp ts(Instant instant) {
        return SqlTimes.timestamp(instant);
    }

    private static Instant instant(Object value) {
        return SqlTimes.instant(value);
    }
}
