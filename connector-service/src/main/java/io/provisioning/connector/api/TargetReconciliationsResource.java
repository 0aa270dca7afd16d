package io.provisioning.connector.api;

import io.provisioning.common.problem.Problem;
import io.provisioning.common.problem.ProblemException;
import io.provisioning.common.security.ApiRoles;
import io.provisioning.connector.reconciliation.ReconciliationService;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.media.SchemaProperty;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Starts reconciliation runs of one target. */
@Path("/api/v1/targets/{targetId}/reconciliations")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Reconciliations", description = "Runs that compare a target's accounts with the desired state, report the"
        + " drift and, in repair mode, re-issue the desired commands")
public class TargetReconciliationsResource {

    @Inject
    ReconciliationService reconciliations;

    @Inject
    SecurityIdentity identity;

    /**
     * Starts a reconciliation of the target; 202 with its run id.
     *
     * @param mode {@code report} or {@code repair}; the target's configured mode when absent
     */
    @POST
    @RolesAllowed(ApiRoles.OPERATOR)
    @Operation(summary = "Start a reconciliation of a target",
            description = "Starts a run in the background that reads every account of the target and its desired"
                    + " state, reports the drift and, in repair mode, re-issues the desired commands of the drifted"
                    + " accounts; orphans are never deleted (role operator). Accounts whose newest command is not"
                    + " applied yet are left out, and the run's start and end are recorded on policy.changes.")
    @APIResponse(responseCode = "202", description = "Started; Location names the run's report",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = SchemaType.OBJECT,
                    properties = @SchemaProperty(name = "runId", type = SchemaType.STRING,
                            description = "The run's id, for GET /api/v1/reconciliations/{runId}"))))
    @APIResponse(responseCode = "404", description = "No target with that id is configured",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
    @APIResponse(responseCode = "409", description = "The target cannot list its accounts, or a reconciliation of it"
            + " is already running",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
    public Response start(
            @Parameter(description = "The target's id, as GET /api/v1/targets lists it")
            @PathParam("targetId") String targetId,
            @Parameter(description = "report or repair; the target's configured mode when absent")
            @QueryParam("mode") String mode) {
        if (mode != null && !mode.equals("report") && !mode.equals("repair")) {
            throw ProblemException.invalid("The query is invalid.",
                    List.of(new Problem.FieldError(null, "/mode", "must be report or repair")));
        }
        ReconciliationService.Start start = reconciliations.start(targetId, mode, identity.getPrincipal().getName());
        if (start.refusal() != null) {
            throw switch (start.refusal()) {
                case UNKNOWN_TARGET -> ProblemException.notFound("No target with that id is configured.");
                case CANNOT_LIST -> new ProblemException(Problem.of("conflict", "Conflict", 409,
                        "Target " + targetId + " cannot list its accounts; it cannot be reconciled."));
                case ALREADY_RUNNING -> new ProblemException(Problem.of("conflict", "Conflict", 409,
                        "A reconciliation of target " + targetId + " is already running."));
            };
        }
        return Response.accepted(Map.of("runId", start.runId()))
                .location(URI.create("/api/v1/reconciliations/" + start.runId())).build();
    }

}
