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
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** {@code export}: every record of a time range, streamed as NDJSON or CSV. */
@Path("/api/v1/audit/export")
@RolesAllowed(ApiRoles.AUDITOR)
@Tag(name = "Audit export", description = "Every record of a time range, with its hashes, streamed as NDJSON or CSV")
public class ExportResource {

    @Inject
    AuditExport export;

    @GET
    @Operation(summary = "Export the audit trail",
            description = "Streams every record of a time range in sequence order, with its hashes, as NDJSON or CSV"
                    + " in an attachment (role auditor); it is read through a database cursor, so its size does not"
                    + " bound the service's memory. CSV cells a spreadsheet would run as a formula are neutralised"
                    + " with a leading apostrophe. The standalone audit-verifier checks an export that starts at the"
                    + " first record against the signed checkpoints.")
    @APIResponse(responseCode = "200", description = "The records, as an attachment (audit-export.ndjson or"
            + " audit-export.csv)",
            content = {@Content(mediaType = "application/x-ndjson", schema = @Schema(type = SchemaType.STRING)),
                @Content(mediaType = "text/csv", schema = @Schema(type = SchemaType.STRING))})
    public Response export(
            @Parameter(description = "ndjson (the default) or csv") @QueryParam("format") String format,
            @Parameter(description = "Only records recorded at or after this ISO-8601 instant, such as"
                    + " 2026-11-26T09:00:00Z") @QueryParam("from") String from,
            @Parameter(description = "Only records recorded before this ISO-8601 instant; must be after from")
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
