package io.provisioning.common.problem;

import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.PathSegment;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Refusals that come before any resource sees a request. A control character (NUL above all) in
 * a path segment or query parameter is refused with 400: it has no meaning in an identifier or a
 * filter, and PostgreSQL rejects it in text. A body over the size limit gets its 413 as
 * problem+json too.
 */
@ApplicationScoped
public class RequestHygiene {

    @ConfigProperty(name = "quarkus.http.limits.max-body-size", defaultValue = "10240K")
    MemorySize maxBodySize;

    private static final String TOO_LARGE = """
            {"type":"%stoo-large","title":"Request too large","status":413,\
            "detail":"The request body is larger than this service accepts."}""".formatted(Problem.TYPE_BASE);

    @ServerRequestFilter(preMatching = true)
    public Response refuseControlCharacters(ContainerRequestContext request) {
        for (PathSegment segment : request.getUriInfo().getPathSegments(true)) {
            if (hasControlCharacter(segment.getPath())) {
                return invalid("", "the path must not contain control characters");
            }
        }
        for (Map.Entry<String, List<String>> parameter : request.getUriInfo().getQueryParameters(true).entrySet()) {
            if (hasControlCharacter(parameter.getKey()) || parameter.getValue().stream().anyMatch(RequestHygiene::hasControlCharacter)) {
                return invalid("/" + parameter.getKey().replaceAll("\\p{Cc}", ""), "must not contain control characters");
            }
        }
        return null;
    }

    /**
     * Ahead of Quarkus's own size check (route order -2), which answers a declared oversize body with a
     * bare 413: the same refusal, as problem+json, before any of the body is read.
     */
    void answerOversizeBodiesWithAProblem(@Observes Router router) {
        refuseDeclaredOversize(router.route().order(-3), maxBodySize.asLongValue(), TOO_LARGE);
    }

    /**
     * Answers a request whose body declares more than {@code limit} bytes with 413 and that
     * problem+json document, before any of the body is read; others go on along the route.
     */
    public static void refuseDeclaredOversize(io.vertx.ext.web.Route route, long limit, String problemJson) {
        refuseDeclaredOversize(route, limit, problemJson, Problem.MEDIA_TYPE);
    }

    /** The same, answering with a document of another media type (SCIM's error schema, say). */
    public static void refuseDeclaredOversize(io.vertx.ext.web.Route route, long limit, String document,
                                              String mediaType) {
        route.handler(context -> {
            String declared = context.request().getHeader("Content-Length");
            if (declared != null && isOver(declared, limit)) {
                context.response().setStatusCode(413).putHeader("Content-Type", mediaType)
                        .putHeader("Connection", "close").end(document);
            } else {
                context.next();
            }
        });
    }

    private static boolean isOver(String declared, long limit) {
        try {
            return Long.parseLong(declared.trim()) > limit;
        } catch (NumberFormatException e) {
            return false; // the HTTP codec refuses a malformed length itself
        }
    }

    private static Response invalid(String pointer, String message) {
        return ProblemMappers.respond(Problem.of("validation", "Invalid request", 400, "The request is invalid.")
                .withErrors(List.of(new Problem.FieldError(null, pointer, message))));
    }

    static boolean hasControlCharacter(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (Character.getType(text.charAt(i)) == Character.CONTROL) {
                return true;
            }
        }
        return false;
    }
}
