package io.provisioning.policy.api;

import io.provisioning.common.problem.Problem;
import io.provisioning.common.problem.ProblemException;
import io.provisioning.common.security.ApiRoles;
import io.provisioning.policy.holds.TerminationAllowanceGrants;
import io.provisioning.policy.holds.TerminationHolds;
import io.provisioning.policy.lifecycle.TerminationBurstGuard;
import io.provisioning.policy.schedule.HoldReleases;
import io.provisioning.policy.store.HeldTerminations;
import io.provisioning.policy.store.HeldTerminations.Held;
import io.provisioning.policy.store.HeldTerminations.Hold;
import io.provisioning.policy.store.TerminationAllowances;
import io.provisioning.policy.store.TerminationAllowances.Allowance;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Terminations the burst guard held: listed for operators and auditors, approved or rejected by an
 * operator.
 */
@Path("/api/v1/termination-holds")
@Produces(MediaType.APPLICATION_JSON)
public class TerminationHoldsResource {

    private static final int MAX_SIZE = 1000;
    private static final String NO_ALLOWANCE = "No termination allowance with that id";
    private static final Set<String> STATUSES = Set.of("HELD", "APPROVED", "APPLIED", "REJECTED");

    @Inject
    HeldTerminations store;

    @Inject
    TerminationHolds holds;

    @Inject
    HoldReleases releases;

    @Inject
    TerminationBurstGuard guard;

    @Inject
    SecurityIdentity identity;

    @Inject
    TerminationAllowanceGrants allowanceGrants;

    @Inject
    TerminationAllowances allowances;

    @Inject
    Clock clock;

    /** A page of holds, newest first. */
    public record HoldPage(List<Hold> items, int page, int size) {
    }

    /** A hold with a page of its terminations, in the order they arrived. */
    public record HoldDetail(Hold hold, List<Held> terminations, int page, int size) {
    }

    @GET
    @RolesAllowed({ApiRoles.OPERATOR, ApiRoles.AUDITOR})
    @Transactional
    public HoldPage list(@QueryParam("status") String status, @QueryParam("page") Integer page,
                         @QueryParam("size") Integer size) {
        List<Problem.FieldError> errors = new ArrayList<>();
        if (status != null && !STATUSES.contains(status)) {
            errors.add(new Problem.FieldError(null, "/status", "must be one of " + STATUSES));
        }
        int p = page(page, errors);
        int s = size(size, errors);
        refuse(errors);
        return new HoldPage(store.list(status, p, s), p, s);
    }

    /** The guard's settings and how many terminations the window has admitted: how close the next hold is. */
    @GET
    @Path("/guard")
    @RolesAllowed({ApiRoles.OPERATOR, ApiRoles.AUDITOR})
    public TerminationBurstGuard.Status guard() {
        return guard.status();
    }

    /**
     * Allows that many more terminations through the guard until a time, for a mass leaving known in
     * advance; the operator's reason is kept and published.
     */
    @POST
    @Path("/allowances")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(ApiRoles.OPERATOR)
    public Response grant(TerminationAllowanceGrants.Request request) {
        Allowance granted = allowanceGrants.grant(request, identity.getPrincipal().getName());
        return Response.status(Response.Status.CREATED)
                .location(java.net.URI.create("/api/v1/termination-holds/allowances/" + granted.allowanceId()))
                .entity(view(granted)).build();
    }

    /** Allowances, newest first; {@code active=true}: only those in force now. */
    @GET
    @Path("/allowances")
    @RolesAllowed({ApiRoles.OPERATOR, ApiRoles.AUDITOR})
    @Transactional
    public AllowancePage allowances(@QueryParam("active") Boolean active, @QueryParam("page") Integer page,
                                    @QueryParam("size") Integer size) {
        List<Problem.FieldError> errors = new ArrayList<>();
        int p = page(page, errors);
        int s = size(size, errors);
        refuse(errors);
        return new AllowancePage(allowances.list(Boolean.TRUE.equals(active) ? clock.instant() : null, p, s).stream()
                .map(this::view).toList(), p, s);
    }

    @GET
    @Path("/allowances/{allowanceId}")
    @RolesAllowed({ApiRoles.OPERATOR, ApiRoles.AUDITOR})
    @Transactional
    public AllowanceView allowance(@PathParam("allowanceId") String allowanceId) {
        return view(allowances.find(uuid(allowanceId, NO_ALLOWANCE))
                .orElseThrow(() -> ProblemException.notFound(NO_ALLOWANCE)));
    }

    /** Ends an allowance now: terminations beyond the threshold are held again. */
    @DELETE
    @Path("/allowances/{allowanceId}")
    @RolesAllowed(ApiRoles.OPERATOR)
    public AllowanceView withdraw(@PathParam("allowanceId") String allowanceId) {
        return view(allowanceGrants.withdraw(uuid(allowanceId, NO_ALLOWANCE), identity.getPrincipal().getName()));
    }

    /**
     * An allowance as operators and auditors see it.
     *
     * @param inForce whether it raises the threshold now (not ended, not withdrawn)
     */
    public record AllowanceView(UUID allowanceId, int terminations, Instant grantedAt, Instant validUntil,
                                String reason, String grantedBy, Instant withdrawnAt, String withdrawnBy,
                                boolean inForce) {
    }

    public record AllowancePage(List<AllowanceView> items, int page, int size) {
    }

    private AllowanceView view(Allowance a) {
        Instant now = clock.instant();
        return new AllowanceView(a.allowanceId(), a.terminations(), a.grantedAt(), a.validUntil(), a.reason(),
                a.grantedBy(), a.withdrawnAt(), a.withdrawnBy(),
                a.withdrawnAt() == null && !a.grantedAt().isAfter(now) && a.validUntil().isAfter(now));
    }

    @GET
    @Path("/{holdId}")
    @RolesAllowed({ApiRoles.OPERATOR, ApiRoles.AUDITOR})
    @Transactional
    public HoldDetail get(@PathParam("holdId") String holdId, @QueryParam("page") Integer page,
                          @QueryParam("size") Integer size) {
        List<Problem.FieldError> errors = new ArrayList<>();
        int p = page(page, errors);
        int s = size(size, errors);
        refuse(errors);
        UUID id = uuid(holdId);
        Hold hold = store.find(id).orElseThrow(() -> ProblemException.notFound("No termination hold with that id"));
        return new HoldDetail(hold, store.terminations(id, p, s), p, s);
    }

    /** Applies every termination of the hold (each judged against the worker as they are then). */
    @POST
    @Path("/{holdId}/approve")
    @RolesAllowed(ApiRoles.OPERATOR)
    public Hold approve(@PathParam("holdId") String holdId) {
        return decide(holdId, "APPROVED");
    }

    /** Applies none of the hold's terminations: each is recorded as ignored, with the operator's name. */
    @POST
    @Path("/{holdId}/reject")
    @RolesAllowed(ApiRoles.OPERATOR)
    public Hold reject(@PathParam("holdId") String holdId) {
        return decide(holdId, "REJECTED");
    }

    /** The operator's decision, then its terminations released at once rather than at the next poll. */
    private Hold decide(String holdId, String decision) {
        Hold decided = holds.decide(uuid(holdId), decision, identity.getPrincipal().getName());
        releases.wake();
        return decided;
    }

    private static int page(Integer page, List<Problem.FieldError> errors) {
        int p = page == null ? 0 : page;
        if (p < 0) {
            errors.add(new Problem.FieldError(null, "/page", "must be 0 or more"));
        }
        return p;
    }

    private static int size(Integer size, List<Problem.FieldError> errors) {
        int s = size == null ? 100 : size;
        if (s < 1 || s > MAX_SIZE) {
            errors.add(new Problem.FieldError(null, "/size", "must be between 1 and " + MAX_SIZE));
        }
        return s;
    }

    private static void refuse(List<Problem.FieldError> errors) {
        if (!errors.isEmpty()) {
            throw ProblemException.invalid("Invalid query parameters", errors);
        }
    }

    private static UUID uuid(String id) {
        return uuid(id, "No termination hold with that id");
    }

    /** An id that is not a UUID names nothing: 404, as an unknown one. */
    private static UUID uuid(String id, String notFound) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw ProblemException.notFound(notFound);
        }
    }
}
