package io.provisioning.policy.api;

import io.provisioning.common.problem.Problem;
import io.provisioning.common.problem.ProblemException;
import io.provisioning.common.security.ApiRoles;
import io.provisioning.policy.lifecycle.LifecycleState;
import io.provisioning.policy.store.AccountEntity;
import io.provisioning.policy.store.HeldTerminations;
import io.provisioning.policy.store.IdentityEntity;
import io.provisioning.policy.store.IdentityHistoryEntity;
import io.provisioning.policy.store.ScheduledActionEntity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.persistence.EntityManager;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Identities as policy-service keeps them: lifecycle, attributes, accounts, schedule. */
@Path("/api/v1/identities")
@Produces(MediaType.APPLICATION_JSON)
public class IdentitiesResource {

    private static final int MAX_SIZE = 500;

    @Inject
    EntityManager em;

    @Inject
    HeldTerminations heldTerminations;

    /** A page of identities. */
    public record IdentityPage(List<Summary> items, int page, int size, long total) {
    }

    public record Summary(String workerId, String lifecycle, String department, String error) {
    }

    @GET
    @Path("/{workerId}")
    @RolesAllowed({ApiRoles.OPERATOR, ApiRoles.AUDITOR})
    @Transactional
    public IdentityView get(@PathParam("workerId") String workerId) {
        IdentityEntity identity = IdentityEntity.findById(workerId);
        if (identity == null) {
            throw ProblemException.notFound("No identity has that worker id.");
        }
        List<AccountEntity> accounts = AccountEntity.list("workerId = ?1 order by targetId", workerId);
        List<ScheduledActionEntity> scheduled = ScheduledActionEntity.list(
                "workerId = ?1 and status = 'PENDING' order by dueAt", workerId);
        List<IdentityHistoryEntity> history = IdentityHistoryEntity.find("workerId = ?1 order by id desc", workerId)
                .page(0, 50).list();
        // kept apart from the history, whose last 50 steps may no longer reach back to them
        List<IdentityHistoryEntity> ignored = IdentityHistoryEntity.find(
                "workerId = ?1 and kind in ('STALE', 'REJECTED') order by id desc", workerId).page(0, 50).list();
        List<IdentityView.HeldTermination> held = heldTerminations.waitingFor(workerId).stream()
                .map(h -> new IdentityView.HeldTermination(h.eventId(), h.holdId().toString(), h.heldAt())).toList();
        return IdentityView.of(identity, accounts, scheduled, history, ignored, held);
    }

    @GET
    @RolesAllowed(ApiRoles.OPERATOR)
    @Transactional
    public IdentityPage list(@QueryParam("lifecycle") String lifecycle, @QueryParam("department") String department,
                             @QueryParam("page") Integer page, @QueryParam("size") Integer size) {
        List<Problem.FieldError> errors = new ArrayList<>();
        if (lifecycle != null && Arrays.stream(LifecycleState.values()).noneMatch(s -> s.name().equals(lifecycle))) {
            errors.add(new Problem.FieldError(null, "/lifecycle", "must be one of " + Arrays.toString(LifecycleState.values())));
        }
        int p = page == null ? 0 : page;
        int s = size == null ? 50 : size;
        if (p < 0) {
            errors.add(new Problem.FieldError(null, "/page", "must be 0 or more"));
        }
        if (s < 1 || s > MAX_SIZE) {
            errors.add(new Problem.FieldError(null, "/size", "must be between 1 and " + MAX_SIZE));
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid("Invalid query parameters", errors);
        }
        String where = " WHERE (CAST(?1 AS TEXT) IS NULL OR lifecycle = ?1)"
                + " AND (CAST(?2 AS TEXT) IS NULL OR CAST(attributes AS jsonb) ->> 'department' = ?2)";
        long total = ((Number) em.createNativeQuery("SELECT count(*) FROM identity" + where)
                .setParameter(1, lifecycle).setParameter(2, department).getSingleResult()).longValue();
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("SELECT worker_id, lifecycle, CAST(attributes AS jsonb) ->> 'department', error"
                        + " FROM identity" + where + " ORDER BY worker_id LIMIT ?3 OFFSET ?4")
                .setParameter(1, lifecycle).setParameter(2, department).setParameter(3, s).setParameter(4, (long) p * s)
                .getResultList();
        List<Summary> items = rows.stream()
                .map(r -> new Summary((String) r[0], (String) r[1], (String) r[2], (String) r[3])).toList();
        return new IdentityPage(items, p, s, total);
    }
}
