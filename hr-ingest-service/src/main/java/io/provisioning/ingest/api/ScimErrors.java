package io.provisioning.ingest.api;

import io.provisioning.common.problem.Problem;
import io.provisioning.ingest.scim.Scim;
import io.provisioning.ingest.scim.ScimException;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.stream.Collectors;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * Under {@code /scim/v2} every refusal is in SCIM's error schema (RFC 7644 §3.12), as SCIM clients
 * expect, including those the rest of the service answers as problem+json (no token, wrong role,
 * the broker away); elsewhere problem+json stays.
 */
public class ScimErrors {

    @ServerExceptionMapper
    public Response scim(ScimException e) {
        return Response.status(e.status()).type(Scim.MEDIA_TYPE).entity(e.toJson()).build();
    }

    @ServerResponseFilter
    public void problemsAsScimErrors(ContainerRequestContext request, ContainerResponseContext response) {
        if (request.getUriInfo().getPath().startsWith(Scim.BASE_PATH + "/")
                && response.getEntity() instanceof Problem problem) {
            response.setEntity(ScimException.error(problem.status(), scimType(problem), detail(problem)), null,
                    MediaType.valueOf(Scim.MEDIA_TYPE));
        }
    }

    private static String scimType(Problem problem) {
        if (problem.status() != 400) {
            return null;
        }
        return problem.type() != null && problem.type().endsWith("malformed-json") ? "invalidSyntax" : "invalidValue";
    }

    private static String detail(Problem problem) {
        if (problem.errors() == null || problem.errors().isEmpty()) {
            return problem.detail();
        }
        return problem.detail() + ": " + problem.errors().stream()
                .map(e -> (e.pointer() == null || e.pointer().isEmpty() ? "" : e.pointer() + " ") + e.message())
                .collect(Collectors.joining("; "));
    }
}
