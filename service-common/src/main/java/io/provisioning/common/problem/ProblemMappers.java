package io.provisioning.common.problem;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import io.quarkus.security.AuthenticationCompletionException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.UUID;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Turns every failure of a REST call into an RFC 9457 problem document, so that clients always get
 * a machine-readable answer and never a stack trace.
 */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @ServerExceptionMapper
    public Response problem(ProblemException e) {
        return respond(e.problem());
    }

    @ServerExceptionMapper
    public Response malformedJson(JsonProcessingException e) {
        JsonLocation location = e.getLocation();
        String where = location == null ? "" : " at line " + location.getLineNr() + ", column " + location.getColumnNr();
        return respond(Problem.of("malformed-json", "Malformed JSON", 400, "The body is not valid JSON" + where)
                .withErrors(List.of(new Problem.FieldError(null, "", "not valid JSON" + where))));
    }

    @ServerExceptionMapper({UnauthorizedException.class, AuthenticationFailedException.class,
            AuthenticationCompletionException.class})
    public Response unauthorized(RuntimeException e) {
        Problem problem = Problem.of("unauthorized", "Unauthorized", 401,
                "A valid bearer token with audience provisioning-api is required");
        return Response.status(401).header(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
                .type(Problem.MEDIA_TYPE).entity(problem).build();
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e) {
        return respond(Problem.of("forbidden", "Forbidden", 403, "The token lacks the role this call requires"));
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        if (status >= 500) {
            return internal(e);
        }
        Response.Status known = Response.Status.fromStatusCode(status);
        String title = known != null ? known.getReasonPhrase() : "Request refused";
        return respond(Problem.of(slug(title), title, status, safeDetail(e, title)));
    }

    @ServerExceptionMapper
    public Response internal(Throwable e) {
        if (Unavailable.database(e)) {
            LOG.warnf("request refused while the database is unavailable: %s", e.getClass().getSimpleName());
            return Response.fromResponse(respond(Problem.of("database-unavailable", "Service unavailable", 503,
                    "The database is unavailable; retry the same request later.")))
                    .header("Retry-After", "5").build();
        }
        String errorId = UUID.randomUUID().toString();
        LOG.errorf(e, "unexpected error %s", errorId);
        return respond(Problem.of("internal", "Internal error", 500,
                "An unexpected error occurred; quote error id " + errorId + " to the operator"));
    }

    static Response respond(Problem problem) {
        return Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem).build();
    }

    private static String slug(String title) {
        return title.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
    }

    /** The framework's messages for 4xx name the failing rule, never a secret; fall back to the title. */
    private static String safeDetail(WebApplicationException e, String title) {
        String message = e.getMessage();
        return message == null || message.isBlank() || message.startsWith("HTTP ") ? title : message;
    }
}
