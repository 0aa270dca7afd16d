package io.provisioning.audit.api;

import io.provisioning.audit.checkpoint.TrailCheckpoints;
import io.provisioning.audit.store.AuditQueries;
import io.provisioning.audit.store.AuditRecordEntity;
import io.provisioning.audit.store.RecordFilter;
import io.provisioning.common.problem.Problem;
import io.provisioning.common.problem.ProblemException;
import io.provisioning.common.security.ApiRoles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The audit trail's query API (role auditor). */
@Path("/api/v1/audit")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(ApiRoles.AUDITOR)
@Tag(name = "Audit trail", description = "The append-only, hash-chained record of every HR event, command, outcome and"
        + " operator action: queries and verification")
public class AuditResource {

    private static final int DEFAULT_LIMIT = 100;

    @Inject
    AuditQueries queries;

    @Inject
    TrailCheckpoints checkpoints;

    @ConfigProperty(name = "provisioning.audit.page-limit", defaultValue = "1000")
    int maxLimit;

    /** A page of records in order; {@code nextCursor} continues after the last one. */
    public record RecordPage(List<AuditRecordView> records, String nextCursor) {
    }

    @GET
    @Path("/records")
    @Operation(summary = "List audit records",
            description = "Lists audit records in sequence order, a page at a time, optionally only those of a worker,"
                    + " a target, a type, a correlation id or a time range (role auditor). Paging by sequence keeps"
                    + " pages stable while records are appended: pass nextCursor as cursor for the next page.")
    @APIResponse(responseCode = "200", description = "A page of records; nextCursor is null on the last page",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = RecordPage.class)))
    public RecordPage records(
            @Parameter(description = "Only records about this worker") @QueryParam("workerId") String workerId,
            @Parameter(description = "Only records about this target") @QueryParam("targetId") String targetId,
            @Parameter(description = "Only records of this type, e.g. hr.worker.hired, provisioning.command or"
                    + " provisioning.outcome") @QueryParam("type") String type,
            @Parameter(description = "Only records under this correlation id: the id of the HR event, policy"
                    + " activation or reconciliation run that caused them")
            @QueryParam("correlationId") String correlationId,
            @Parameter(description = "Only records recorded at or after this ISO-8601 instant, such as"
                    + " 2026-11-26T09:00:00Z") @QueryParam("from") String from,
            @Parameter(description = "Only records recorded before this ISO-8601 instant; must be after from")
            @QueryParam("to") String to,
            @Parameter(description = "The nextCursor of the previous page; absent for the first page")
            @QueryParam("cursor") String cursor,
            @Parameter(description = "Records per page, 1 to provisioning.audit.page-limit (default 1000); default"
                    + " 100") @QueryParam("limit") Integer limit) {
        List<Problem.FieldError> errors = new ArrayList<>();
        Instant fromInstant = QueryParams.instant("from", from, errors);
        Instant toInstant = QueryParams.instant("to", to, errors);
        QueryParams.range(fromInstant, toInstant, errors);
        long after = cursor(cursor, errors);
        int size = limit == null ? DEFAULT_LIMIT : limit;
        if (size < 1 || size > maxLimit) {
            errors.add(new Problem.FieldError(null, "/limit", "must be between 1 and " + maxLimit));
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid("Invalid query parameters", errors);
        }
        List<AuditRecordEntity> found = queries.records(
                new RecordFilter(workerId, targetId, type, correlationId, fromInstant, toInstant, after), size + 1);
        boolean more = found.size() > size;
        List<AuditRecordEntity> page = more ? found.subList(0, size) : found;
        String next = more ? encodeCursor(page.get(page.size() - 1).seq) : null;
        return new RecordPage(page.stream().map(AuditRecordView::of).toList(), next);
    }

    /**
     * Recomputes the chain from the newest signed checkpoint ({@code full=true}: from the first record)
     * and holds it against the newest signed checkpoint published outside the database.
     */
    @GET
    @Path("/verify")
    @Operation(summary = "Verify the audit trail",
            description = "Recomputes the hash chain from the newest signed checkpoint the database holds (full=true:"
                    + " from the first record) and holds it against the newest signed checkpoint published on the"
                    + " Kafka topic audit.checkpoints, outside the database (role auditor). A removed tail, a record"
                    + " changed in place or rewritten and re-chained, and a checkpoint the audit key did not sign are"
                    + " each valid: false, with the first sequence number that cannot be trusted and the reason; when"
                    + " audit.checkpoints cannot be read the answer is 503, never valid.")
    @APIResponse(responseCode = "200", description = "The verdict, with the records checked, the head and the signed"
            + " checkpoint it was held against",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = AuditQueries.VerifyResult.class)))
    public AuditQueries.VerifyResult verify(
            @Parameter(description = "true: recompute the chain from the first record rather than from the newest"
                    + " signed checkpoint") @QueryParam("full") boolean full) {
        return queries.verify(full, checkpoints);
    }

    static String encodeCursor(long seq) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(("seq:" + seq).getBytes(StandardCharsets.US_ASCII));
    }

    private static long cursor(String cursor, List<Problem.FieldError> errors) {
        if (cursor == null || cursor.isBlank()) {
            return 0;
        }
        try {
            String decoded = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.US_ASCII);
            if (decoded.startsWith("seq:")) {
                long seq = Long.parseLong(decoded.substring(4));
                if (seq >= 0) {
                    return seq;
                }
            }
        } catch (IllegalArgumentException e) {
            // reported below
        }
        errors.add(new Problem.FieldError(null, "/cursor", "is not a cursor this API returned"));
        return 0;
    }
}
