package io.provisioning.policy.api;

import io.provisioning.common.problem.Problem;
import io.provisioning.common.problem.ProblemException;
import io.provisioning.common.problem.QueryParameters;
import io.provisioning.common.security.ApiRoles;
import io.provisioning.policy.lifecycle.LifecycleState;
import io.provisioning.policy.requests.AccessRequestEntity;
import io.provisioning.policy.reviews.ReviewQueries;
import io.provisioning.policy.store.AccountEntity;
import io.provisioning.policy.store.HeldTerminations;
import io.provisioning.policy.store.IdentityEntity;
import io.provisioning.policy.store.IdentityHistoryEntity;
import io.provisioning.policy.store.PolicyStore;
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
import java.util.Arrays;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Identities as policy-service keeps them: lifecycle, attributes, accounts, schedule. */
@Path("/api/v1/identities")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Identities", description = "Each worker's identity as policy-service keeps it: lifecycle, attributes,"
        + " accounts per target, schedule and history")
public class IdentitiesResource {

    private static final int DEFAULT_SIZE = 50;
    private static final int MAX_SIZE = 500;

    @Inject
    ReviewQueries reviews;

    @Inject
    EntityManager em;

    @Inject
    HeldTerminations heldTerminations;

    @Inject
    PolicyStore policies;

    /** A page of identities. */
    public record IdentityPage(List<Summary> items, int page, int size, long total) {
    }

    /** One identity of a page; {@code name} is the preferred (else given) and family name. */
    public record Summary(String workerId, String lifecycle, String department, String error, String name) {
    }

    @GET
    @Path("/{workerId}")
    @RolesAllowed({ApiRoles.OPERATOR, ApiRoles.AUDITOR})
    @Transactional
    @Operation(summary = "Get a worker's identity",
            description = "Returns a worker's lifecycle, HR attributes, account in each target (status, groups, last"
                    + " error), pending scheduled actions, the last 50 steps of its history, up to 50 HR events that"
                    + " were not applied (stale, or a held termination an operator rejected) and its terminations"
                    + " waiting in a hold, its open access requests and the birthright groups access reviews revoked"
                    + " (roles operator, auditor).")
    @APIResponse(responseCode = "200", description = "The identity",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = IdentityView.class)))
    @APIResponse(responseCode = "404", description = "No identity has that worker id",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
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
        java.time.ZoneId zone = policies.active().document().lifecycle().zoneOf(identity.worker().location());
        String timeZone = zone.equals(java.time.ZoneOffset.UTC) ? "UTC" : zone.getId();
        List<IdentityView.OpenRequest> requests = AccessRequestEntity.<AccessRequestEntity>list(
                        "beneficiaryId = ?1 and state in ('PENDING', 'APPROVED', 'ACTIVE') order by createdAt", workerId)
                .stream().map(r -> new IdentityView.OpenRequest(r.requestId.toString(), r.targetId, r.group, r.state,
                        r.endsAt)).toList();
        return IdentityView.of(identity, accounts, scheduled, history, ignored, held, timeZone, requests,
                reviews.exclusions(workerId, null, new QueryParameters.Page(0, 100)));
    }

    @GET
    @RolesAllowed(ApiRoles.OPERATOR)
    @Transactional
    @Operation(summary = "List identities",
            description = "Lists identities in worker id order, a page at a time, optionally only those of one"
                    + " lifecycle state or department, or those a search text finds (the start of the worker id, or"
                    + " part of the name), with how many match in all (role operator).")
    @APIResponse(responseCode = "200", description = "A page of identities and the total that match",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = IdentityPage.class)))
    public IdentityPage list(
            @Parameter(description = "Only identities in this lifecycle state: PRE_HIRE, ACTIVE, ON_LEAVE or"
                    + " TERMINATED") @QueryParam("lifecycle") String lifecycle,
            @Parameter(description = "Only identities whose department attribute is exactly this")
            @QueryParam("department") String department,
            @Parameter(description = "Only identities whose worker id starts with this, or whose given, preferred or"
                    + " family name contains it (case-insensitive; 1-100 characters)") @QueryParam("q") String search,
            @Parameter(description = "0-based page number; default 0") @QueryParam("page") Integer page,
            @Parameter(description = "Identities per page, 1-500; default 50") @QueryParam("size") Integer size) {
        QueryParameters parameters = new QueryParameters();
        if (lifecycle != null && Arrays.stream(LifecycleState.values()).noneMatch(s -> s.name().equals(lifecycle))) {
            parameters.wrong("lifecycle", "must be one of " + Arrays.toString(LifecycleState.values()));
        }
        if (search != null && (search.isBlank() || search.length() > 100)) {
            parameters.wrong("q", "1-100 characters");
        }
        QueryParameters.Page requested = parameters.page(page, size, DEFAULT_SIZE, MAX_SIZE);
        parameters.check();
        int p = requested.number();
        int s = requested.size();
        String where = " WHERE (CAST(?1 AS TEXT) IS NULL OR lifecycle = ?1)"
                + " AND (CAST(?2 AS TEXT) IS NULL OR CAST(attributes AS jsonb) ->> 'department' = ?2)"
                + " AND (CAST(?3 AS TEXT) IS NULL OR lower(worker_id) LIKE ?4 ESCAPE '\\'"
                + " OR lower(concat_ws(' ', CAST(attributes AS jsonb) ->> 'givenName',"
                + " CAST(attributes AS jsonb) ->> 'preferredName', CAST(attributes AS jsonb) ->> 'familyName'))"
                + " LIKE ?5 ESCAPE '\\')";
        String literal = search == null ? null : likeLiteral(search.strip().toLowerCase(java.util.Locale.ROOT));
        long total = ((Number) em.createNativeQuery("SELECT count(*) FROM identity" + where)
                .setParameter(1, lifecycle).setParameter(2, department).setParameter(3, literal)
                .setParameter(4, literal + "%").setParameter(5, "%" + literal + "%").getSingleResult()).longValue();
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("SELECT worker_id, lifecycle, CAST(attributes AS jsonb) ->> 'department', error,"
                        + " concat_ws(' ', coalesce(CAST(attributes AS jsonb) ->> 'preferredName',"
                        + " CAST(attributes AS jsonb) ->> 'givenName'), CAST(attributes AS jsonb) ->> 'familyName')"
                        + " FROM identity" + where + " ORDER BY worker_id LIMIT ?6 OFFSET ?7")
                .setParameter(1, lifecycle).setParameter(2, department).setParameter(3, literal)
                .setParameter(4, literal + "%").setParameter(5, "%" + literal + "%")
                .setParameter(6, s).setParameter(7, (long) p * s)
                .getResultList();
        List<Summary> items = rows.stream()
                .map(r -> new Summary((String) r[0], (String) r[1], (String) r[2], (String) r[3], (String) r[4]))
                .toList();
        return new IdentityPage(items, p, s, total);
    }

    /** The search text with LIKE's wildcards taken literally. */
    private static String likeLiteral(String text) {
        return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }
}
