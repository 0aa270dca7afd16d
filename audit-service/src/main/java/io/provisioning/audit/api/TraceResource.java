package io.provisioning.audit.api;

import io.provisioning.audit.store.AuditQueries;
import io.provisioning.audit.store.AuditRecordEntity;
import io.provisioning.common.problem.Problem;
import io.provisioning.common.problem.ProblemException;
import io.provisioning.common.security.ApiRoles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** {@code trace/{correlationId}}: what one HR event, policy change or access request caused, in order. */
@Path("/api/v1/audit/trace")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(ApiRoles.AUDITOR)
@Tag(name = "Traces", description = "What one HR event, policy activation or reconciliation run caused, in order")
public class TraceResource {

    /** An access request's steps share its id as correlation id; the first (requested) is the cause. */
    private static final String ACCESS_REQUEST = "access-request";

    @Inject
    AuditQueries queries;

    /**
     * @param cause    the HR event or policy change that started it; null if only its effects are recorded
     * @param commands the provisioning commands it caused, in order
     * @param outcomes what the connectors did with them, in order
     * @param other    anything else recorded under the same correlation id (dead letters, notices)
     */
    public record Trace(String correlationId, AuditRecordView cause, List<AuditRecordView> commands,
                        List<AuditRecordView> outcomes, List<AuditRecordView> other) {
    }

    @GET
    @Path("/{correlationId}")
    @Operation(summary = "Trace a correlation id",
            description = "Returns everything recorded under one correlation id, in order: the HR event or policy"
                    + " change that caused it, the provisioning commands it caused, what the connectors did with them,"
                    + " and anything else recorded under it, such as dead letters and notices (role auditor).")
    @APIResponse(responseCode = "200", description = "The cause, the commands, the outcomes and the rest",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = Trace.class)))
    @APIResponse(responseCode = "404", description = "Nothing is recorded under that correlation id",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
    public Trace trace(
            @Parameter(description = "The id of the HR event, policy activation or reconciliation run that caused the"
                    + " records") @PathParam("correlationId") String correlationId) {
        List<AuditRecordEntity> records = queries.correlated(correlationId);
        if (records.isEmpty()) {
            throw ProblemException.notFound("Nothing is recorded under that correlation id.");
        }
        AuditRecordView cause = null;
        List<AuditRecordView> commands = new ArrayList<>();
        List<AuditRecordView> outcomes = new ArrayList<>();
        List<AuditRecordView> other = new ArrayList<>();
        for (AuditRecordEntity record : records) {
            AuditRecordView view = AuditRecordView.of(record);
            if (record.type.equals("provisioning.command")) {
                commands.add(view);
            } else if (record.type.equals("provisioning.outcome")) {
                outcomes.add(view);
            } else if (cause == null && (record.type.startsWith("hr.worker.") || record.type.startsWith("policy.")
                    || record.type.equals(ACCESS_REQUEST))) {
                cause = view;
            } else {
                other.add(view);
            }
        }
        return new Trace(correlationId, cause, commands, outcomes, other);
    }
}
