package io.provisioning.policy.api;

import io.provisioning.common.problem.Problem;
import io.provisioning.common.problem.ProblemException;
import io.provisioning.common.problem.QueryParameters;
import io.provisioning.common.security.ApiRoles;
import io.provisioning.policy.holds.TerminationAllowanceGrants;
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
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Allowances of the termination-burst guard: more terminations let through until a time, for a
 * mass leaving known in advance, granted and withdrawn by an operator, listed for auditors.
 */
@Path("/api/v1/termination-holds/allowances")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Termination allowances", description = "More terminations let through the burst guard until a time, for"
        + " a mass leaving known in advance")
public class TerminationAllowancesResource {

    private static final String NO_ALLOWANCE = "No termination allowance with that id";

    @Inject
    SecurityIdentity identity;

    @Inject
    TerminationAllowanceGrants allowanceGrants;

    @Inject
    TerminationAllowances allowances;

    @Inject
    Clock clock;

    /**
     * Allows that many more terminations through the guard until a time, for a mass leaving known in
     * advance; the operator's reason is kept and published.
     */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(ApiRoles.OPERATOR)
    @Operation(summary = "Grant a termination allowance",
            description = "Raises the guard's threshold by 1 to 1 000 000 terminations until an instant at most"
                    + " provisioning.policy.guard.termination-burst.max-allowance (default 7 days) ahead, for a mass"
                    + " leaving known in advance; a reason is required (role operator). The grant is published on"
                    + " policy.changes as operator action termination-allowance.granted, with the operator's name and"
                    + " reason. It decides no hold that is already open.")
    @APIResponse(responseCode = "201", description = "Granted; Location names the allowance",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = AllowanceView.class)))
    public Response grant(TerminationAllowanceGrants.Request request) {
        Allowance granted = allowanceGrants.grant(request, identity.getPrincipal().getName());
        return Response.status(Response.Status.CREATED)
                .location(java.net.URI.create("/api/v1/termination-holds/allowances/" + granted.allowanceId()))
                .entity(view(granted)).build();
    }

    /** Allowances, newest first; {@code active=true}: only those in force now. */
    @GET
    @RolesAllowed({ApiRoles.OPERATOR, ApiRoles.AUDITOR})
    @Transactional
    @Operation(summary = "List termination allowances",
            description = "Lists the allowances operators granted, newest first, a page at a time, with who granted"
                    + " and who withdrew each and whether it is in force now (roles operator, auditor).")
    @APIResponse(responseCode = "200", description = "A page of allowances, newest first",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = AllowancePage.class)))
    public AllowancePage allowances(
            @Parameter(description = "true: only the allowances in force now (begun, not ended, not withdrawn)")
            @QueryParam("active") Boolean active,
            @Parameter(description = "0-based page number; default 0") @QueryParam("page") Integer page,
            @Parameter(description = "Allowances per page, 1-1000; default 100") @QueryParam("size") Integer size) {
        QueryParameters parameters = new QueryParameters();
        QueryParameters.Page p = parameters.page(page, size, TerminationHoldsResource.DEFAULT_SIZE,
                TerminationHoldsResource.MAX_SIZE);
        parameters.check();
        return new AllowancePage(allowances.list(Boolean.TRUE.equals(active) ? clock.instant() : null, p.number(),
                p.size()).stream().map(this::view).toList(), p.number(), p.size());
    }

    @GET
    @Path("/{allowanceId}")
    @RolesAllowed({ApiRoles.OPERATOR, ApiRoles.AUDITOR})
    @Transactional
    @Operation(summary = "Get a termination allowance",
            description = "Returns one allowance: how many terminations until when, why, who granted it, whether and"
                    + " by whom it was withdrawn, and whether it is in force now (roles operator, auditor).")
    @APIResponse(responseCode = "200", description = "The allowance",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = AllowanceView.class)))
    @APIResponse(responseCode = "404", description = "No termination allowance has that id",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
    public AllowanceView allowance(
            @Parameter(description = "The allowanceId the grant answered with (a UUID)")
            @PathParam("allowanceId") String allowanceId) {
        return view(allowances.find(QueryParameters.uuid(allowanceId, NO_ALLOWANCE))
                .orElseThrow(() -> ProblemException.notFound(NO_ALLOWANCE)));
    }

    /** Ends an allowance now: terminations beyond the threshold are held again. */
    @DELETE
    @Path("/{allowanceId}")
    @RolesAllowed(ApiRoles.OPERATOR)
    @Operation(summary = "Withdraw a termination allowance",
            description = "Ends an allowance now: terminations beyond the threshold are held again (role operator)."
                    + " The withdrawal is published on policy.changes as operator action"
                    + " termination-allowance.withdrawn, with the operator's name.")
    @APIResponse(responseCode = "200", description = "The allowance, withdrawn",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = AllowanceView.class)))
    @APIResponse(responseCode = "404", description = "No termination allowance has that id",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
    @APIResponse(responseCode = "409", description = "The allowance was withdrawn before; nothing was changed",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
    public AllowanceView withdraw(
            @Parameter(description = "The allowanceId the grant answered with (a UUID)")
            @PathParam("allowanceId") String allowanceId) {
        return view(allowanceGrants.withdraw(QueryParameters.uuid(allowanceId, NO_ALLOWANCE), identity.getPrincipal().getName()));
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
}
