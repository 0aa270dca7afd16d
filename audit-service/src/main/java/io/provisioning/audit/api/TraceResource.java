package io.provisioning.audit.api;

import io.provisioning.audit.store.AuditQueries;
import io.provisioning.audit.store.AuditRecordEntity;
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

/** {@code trace/{correlationId}}: what one HR event (or policy change) caused, in order. */
@Path("/api/v1/audit/trace")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(ApiRoles.AUDITOR)
public class TraceResource {

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
    public Trace trace(@PathParam("correlationId") String correlationId) {
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
            } else if (cause == null && (record.type.startsWith("hr.worker.") || record.type.startsWith("policy."))) {
                cause = view;
            } else {
                other.add(view);
            }
        }
        return new Trace(correlationId, cause, commands, outcomes, other);
    }
}
