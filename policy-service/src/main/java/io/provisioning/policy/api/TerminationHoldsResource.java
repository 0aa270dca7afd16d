package io.provisioning.policy.api;

import io.provisioning.common.problem.Problem;
import io.provisioning.common.problem.ProblemException;
import io.provisioning.common.problem.QueryParameters;
import io.provisioning.common.security.ApiRoles;
import io.provisioning.policy.holds.TerminationHolds;
import io.provisioning.policy.lifecycle.TerminationBurstGuard;
import io.provisioning.policy.schedule.HoldReleases;
import io.provisioning.policy.store.HeldTerminations;
import io.provisioning.policy.store.HeldTerminations.Held;
import io.provisioning.policy.store.HeldTerminations.Hold;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Terminations the burst guard held: listed for operators and auditors, approved or rejected by an
 * operator.
 */
@Path("/api/v1/termination-holds")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Termination holds", description = "Terminations the burst guard held until an operator decides, and the"
        + " guard's state")
public class TerminationHoldsResource {

    static final int DEFAULT_SIZE = 100;
    static final int MAX_SIZE = 1000;
    private static final String NO_HOLD = "No termination hold with that id";
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

    /** A page of holds, newest first. */
    public record HoldPage(List<Hold> items, int page, int size) {
    }

    /** A hold with a page of its terminations, in the order they arrived. */
    public record HoldDetail(Hold hold, List<Held> terminations, int page, int size) {
    }

    @GET
    @RolesAllowed({ApiRoles.OPERATOR, ApiRoles.AUDITOR})
    @Transactional
    @Operation(summary = "List termination holds",
            description = "Lists the holds the termination-burst guard opened, newest first, a page at a time (roles"
                    + " operator, auditor). Each shows the threshold, window and count that opened it, who decided it"
                    + " and when, and how many of its terminations are held and still pending.")
    @APIResponse(responseCode = "200", description = "A page of holds, newest first",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = HoldPage.class)))
    public HoldPage list(
            @Parameter(description = "Only holds of this status: HELD, APPROVED, APPLIED or REJECTED; every hold when"
                    + " absent") @QueryParam("status") String status,
            @Parameter(description = "0-based page number; default 0") @QueryParam("page") Integer page,
            @Parameter(description = "Holds per page, 1-1000; default 100") @QueryParam("size") Integer size) {
        QueryParameters parameters = new QueryParameters();
        if (status != null && !STATUSES.contains(status)) {
            parameters.wrong("status", "must be one of " + STATUSES);
        }
        QueryParameters.Page p = parameters.page(page, size, DEFAULT_SIZE, MAX_SIZE);
        parameters.check();
        return new HoldPage(store.list(status, p.number(), p.size()), p.number(), p.size());
    }

    /** The guard's settings and how many terminations the window has admitted: how close the next hold is. */
    @GET
    @Path("/guard")
    @RolesAllowed({ApiRoles.OPERATOR, ApiRoles.AUDITOR})
    @Operation(summary = "Show the termination-burst guard",
            description = "Returns the guard's settings (share, count, window), how many terminations the window has"
                    + " admitted of how many active identities, what allowances add, the resulting threshold and the"
                    + " hold open now, if any: how close the next hold is (roles operator, auditor).")
    @APIResponse(responseCode = "200", description = "The guard's settings and the window's count",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = TerminationBurstGuard.Status.class)))
    public TerminationBurstGuard.Status guard() {
        return guard.status();
    }

    @GET
    @Path("/{holdId}")
    @RolesAllowed({ApiRoles.OPERATOR, ApiRoles.AUDITOR})
    @Transactional
    @Operation(summary = "Get a termination hold",
            description = "Returns a hold with a page of its terminations in the order they arrived: each with its"
                    + " event, worker and when it was held and, once released, when and with what outcome (roles"
                    + " operator, auditor).")
    @APIResponse(responseCode = "200", description = "The hold and a page of its terminations",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = HoldDetail.class)))
    @APIResponse(responseCode = "404", description = "No termination hold has that id",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
    public HoldDetail get(
            @Parameter(description = "The hold's holdId (a UUID)") @PathParam("holdId") String holdId,
            @Parameter(description = "0-based page of the hold's terminations; default 0") @QueryParam("page")
            Integer page,
            @Parameter(description = "Terminations per page, 1-1000; default 100") @QueryParam("size") Integer size) {
        QueryParameters parameters = new QueryParameters();
        QueryParameters.Page p = parameters.page(page, size, DEFAULT_SIZE, MAX_SIZE);
        parameters.check();
        UUID id = QueryParameters.uuid(holdId, NO_HOLD);
        Hold hold = store.find(id).orElseThrow(() -> ProblemException.notFound(NO_HOLD));
        return new HoldDetail(hold, store.terminations(id, p.number(), p.size()), p.number(), p.size());
    }

    /** Applies every termination of the hold (each judged against the worker as they are then). */
    @POST
    @Path("/{holdId}/approve")
    @RolesAllowed(ApiRoles.OPERATOR)
    @Operation(summary = "Approve a termination hold",
            description = "Applies every termination the hold has now, each judged against the worker as they are"
                    + " then; one that joins later waits in the next hold (role operator). The decision restarts the"
                    + " guard's window and is published on policy.changes with the operator's name; the terminations"
                    + " are released in the background at once.")
    @APIResponse(responseCode = "200", description = "The hold, APPROVED (APPLIED once every termination is released)",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = Hold.class)))
    @APIResponse(responseCode = "404", description = "No termination hold has that id",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
    @APIResponse(responseCode = "409", description = "The hold is not HELD: it was decided before",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
    public Hold approve(@Parameter(description = "The hold's holdId (a UUID)") @PathParam("holdId") String holdId) {
        return decide(holdId, "APPROVED");
    }

    /** Applies none of the hold's terminations: each is recorded as ignored, with the operator's name. */
    @POST
    @Path("/{holdId}/reject")
    @RolesAllowed(ApiRoles.OPERATOR)
    @Operation(summary = "Reject a termination hold",
            description = "Applies none of the terminations the hold has now: each is recorded as an ignored event of"
                    + " its worker, with the operator's name (role operator). The decision restarts the guard's window"
                    + " and is published on policy.changes; a termination that joins later waits in the next hold.")
    @APIResponse(responseCode = "200", description = "The hold, REJECTED",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = Hold.class)))
    @APIResponse(responseCode = "404", description = "No termination hold has that id",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
    @APIResponse(responseCode = "409", description = "The hold is not HELD: it was decided before",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
    public Hold reject(@Parameter(description = "The hold's holdId (a UUID)") @PathParam("holdId") String holdId) {
        return decide(holdId, "REJECTED");
    }

    /** The operator's decision, then its terminations released at once rather than at the next poll. */
    private Hold decide(String holdId, String decision) {
        Hold decided = holds.decide(QueryParameters.uuid(holdId, NO_HOLD), decision, identity.getPrincipal().getName());
        releases.wake();
        return decided;
    }
}
