package io.provisioning.policy.store;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Operators' allowances of terminations beyond the burst guard's threshold. In the caller's transaction. */
@ApplicationScoped
public class TerminationAllowances {

    /** An allowance as stored; withdrawnAt and withdrawnBy are null unless it was withdrawn. */
    public record Allowance(UUID allowanceId, int terminations, Instant grantedAt, Instant validUntil, String reason,
                            String grantedBy, Instant withdrawnAt, String withdrawnBy) {
    }

    private static final String COLUMNS = "allowance_id, terminations, granted_at, valid_until, reason, granted_by,"
            + " withdrawn_at, withdrawn_by";

    @Inject
    EntityManager em;

    @Transactional(Transactional.TxType.MANDATORY)
    public void grant(Allowance allowance) {
        em.createNativeQuery("INSERT INTO termination_allowance (allowance_id, terminations, granted_at, valid_until,"
                        + " reason, granted_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6)")
                .setParameter(1, allowance.allowanceId()).setParameter(2, allowance.terminations())
                .setParameter(3, SqlTimes.timestamp(allowance.grantedAt()))
                .setParameter(4, SqlTimes.timestamp(allowance.validUntil()))
                .setParameter(5, allowance.reason()).setParameter(6, allowance.grantedBy())
                .executeUpdate();
    }

    /** @return false if the allowance was withdrawn before or is unknown */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean withdraw(UUID allowanceId, String actor, Instant at) {
        return em.createNativeQuery("UPDATE termination_allowance SET withdrawn_at = ?2, withdrawn_by = ?3"
                        + " WHERE allowance_id = ?1 AND withdrawn_at IS NULL")
                .setParameter(1, allowanceId).setParameter(2, SqlTimes.timestamp(at)).setParameter(3, actor)
                .executeUpdate() == 1;
    }

    /** The terminations allowed beyond the threshold at this instant: by allowances granted, not ended, not withdrawn. */
    @Transactional(Transactional.TxType.MANDATORY)
    public int allowedAt(Instant now) {
        Number sum = (Number) em.createNativeQuery("SELECT coalesce(sum(terminations), 0) FROM termination_allowance"
                        + " WHERE granted_at <= ?1 AND valid_until > ?1 AND withdrawn_at IS NULL")
                .setParameter(1, SqlTimes.timestamp(now)).getSingleResult();
        return (int) Math.min(Integer.MAX_VALUE, sum.longValue());
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public Optional<Allowance> find(UUID allowanceId) {
        List<?> rows = em.createNativeQuery("SELECT " + COLUMNS + " FROM termination_allowance WHERE allowance_id = ?1")
                .setParameter(1, allowanceId).getResultList();
        return rows.stream().findFirst().map(r -> allowance((Object[]) r));
    }

    /** A page of allowances, newest first; with {@code activeAt}, only those in force at that instant. */
    @Transactional(Transactional.TxType.MANDATORY)
    public List<Allowance> list(Instant activeAt, int page, int size) {
        String inForce = activeAt == null ? ""
                : " WHERE granted_at <= :now AND valid_until > :now AND withdrawn_at IS NULL";
        var query = em.createNativeQuery("SELECT " + COLUMNS + " FROM termination_allowance" + inForce
                + " ORDER BY granted_at DESC, allowance_id LIMIT :size OFFSET :offset");
        if (activeAt != null) {
            query.setParameter("now", SqlTimes.timestamp(activeAt));
        }
        List<?> rows = query.setParameter("size", size).setParameter("offset", (long) page * size).getResultList();
        return rows.stream().map(r -> allowance((Object[]) r)).toList();
    }

    private static Allowance allowance(Object[] r) {
        return new Allowance((UUID) r[0], ((Number) r[1]).intValue(), SqlTimes.instant(r[2]), SqlTimes.instant(r[3]), (String) r[4],
                (String) r[5], SqlTimes.instant(r[6]), (String) r[7]);
    }
}
