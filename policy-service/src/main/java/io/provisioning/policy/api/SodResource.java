package io.provisioning.policy.api;

import io.provisioning.common.problem.QueryParameters;
import io.provisioning.common.security.ApiRoles;
import io.provisioning.policy.rules.ViolationScan;
import io.provisioning.policy.store.PolicyStore;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Separation of duties: who holds entitlements the active policy's conflict rules forbid together. */
@Path("/api/v1/sod/violations")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({ApiRoles.OPERATOR, ApiRoles.POLICY_ADMIN, ApiRoles.AUDITOR})
@Tag(name = "Separation of duties", description = "Who holds a conflicting pair of entitlements now")
public class SodResource {

    private static final int DEFAULT_SIZE = 100;
    private static final int MAX_SIZE = 1000;

    @Inject
    ViolationScan scan;

    @Inject
    PolicyStore policies;

    /** A page of the workers breaking a rule, in worker id order, with how many there are in all. */
    public record ViolationPage(List<ViolationScan.WorkerViolation> items, int page, int size, long total,
                                long policyVersion) {
    }

    @GET
    @Operation(summary = "List separation-of-duties violations",
            description = "Every worker who holds two entitlements a conflict rule of the active policy forbids"
                    + " together, in their desired state (birthright and granted access, as the targets are told to"
                    + " hold it; source desired) or only with the groups the last report-mode reconciliation of a target"
                    + " found their account holding beyond it (source reconciliation), with the rule, its mode and the"
                    + " entitlements held (roles operator, policy-admin, auditor).")
    @APIResponse(responseCode = "200", description = "A page of violations",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = ViolationPage.class)))
    @APIResponse(responseCode = "400", description = "A query parameter is wrong",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
    public ViolationPage violations(
            @Parameter(description = "Only this rule's violations") @QueryParam("rule") String rule,
            @Parameter(description = "0-based page number; default 0") @QueryParam("page") String page,
            @Parameter(description = "Violations per page, 1-1000; default 100") @QueryParam("size") String size) {
        QueryParameters parameters = new QueryParameters();
        QueryParameters.Page p = parameters.page(page, size, DEFAULT_SIZE, MAX_SIZE);
        parameters.check();
        PolicyStore.ActivePolicy active = policies.active();
        List<ViolationScan.WorkerViolation> all = scan.scan(active.document(), QueryParameters.given(rule));
        int from = (int) Math.min(all.size(), p.offset());
        int to = (int) Math.min(all.size(), p.offset() + p.size());
        return new ViolationPage(all.subList(from, to), p.number(), p.size(), all.size(), active.version());
    }
}
