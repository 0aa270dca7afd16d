package io.provisioning.audit.api;

import io.provisioning.audit.store.AuditExport;
import io.provisioning.common.problem.Problem;
import io.provisioning.common.problem.ProblemException;
import io.provisioning.common.security.ApiRoles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** {@code export}: every record of a time range, streamed as NDJSON or CSV. */
@Path("/api/v1/audit/export")
@RolesAllowed(ApiRoles.AUDITOR)
public class ExportResource {

    @Inject
    AuditExport export;

    @GET
    public Response export(@QueryParam("format") String format, @QueryParam("from") String from,
                           @QueryParam("to") String to) {
        List<Problem.FieldError> errors = new ArrayList<>();
        String chosen = format == null || format.isBlank() ? "ndjson" : format;
        if (!chosen.equals("ndjson") && !chosen.equals("csv")) {
            errors.add(new Problem.FieldError(null, "/format", "must be ndjson or csv"));
        }
        Instant fromInstant = QueryParams.instant("from", from, errors);
        Instant toInstant = QueryParams.instant("to", to, errors);
        QueryParams.range(fromInstant, toInstant, errors);
        if (!errors.isEmpty()) {
            throw ProblemException.invalid("Invalid query parameters", errors);
        }
        boolean csv = chosen.equals("csv");
        StreamingOutput body = out -> export.write(out, fromInstant, toInstant, csv);
        return Response.ok(body)
                .type(csv ? "text/csv; charset=utf-8" : "application/x-ndjson")
                .header("Content-Disposition", "attachment; filename=\"audit-export." + chosen + "\"")
                .build();
    }
}
