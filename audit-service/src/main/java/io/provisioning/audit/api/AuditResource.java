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

/** The audit trail's query API (role auditor). */
@Path("/api/v1/audit")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(ApiRoles.AUDITOR)
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
    public RecordPage records(@QueryParam("workerId") String workerId, @QueryParam("targetId") String targetId,
                              @QueryParam("type") String type, @QueryParam("correlationId") String correlationId,
                              @QueryParam("from") String from, @QueryParam("to") String to,
                              @QueryParam("cursor") String cursor, @QueryParam("limit") Integer limit) {
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
    public AuditQueries.VerifyResult verify(@QueryParam("full") boolean full) {
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
