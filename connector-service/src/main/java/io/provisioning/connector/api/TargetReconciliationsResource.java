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

/** Starts reconciliation runs of one target. */
@Path("/api/v1/targets/{targetId}/reconciliations")
@Produces(MediaType.APPLICATION_JSON)
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
    public Response start(@PathParam("targetId") String targetId, @QueryParam("mode") String mode) {
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
