package io.provisioning.console.pages;

import io.provisioning.console.services.ServiceException;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.ForbiddenException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Pages for what went wrong: a page the user's roles do not open (403), and a service that refused
 * or could not be reached, with what it said. Never a stack trace.
 */
public class ErrorPages {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance forbidden();

        static native TemplateInstance serviceError(String explanation, int status);
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e) {
        return Response.status(403).type(MediaType.TEXT_HTML_TYPE).entity(Templates.forbidden()).build();
    }

    @ServerExceptionMapper
    public Response serviceFailed(ServiceException e) {
        int status = switch (e.status()) {
            case 0, 502 -> 502;
            case 403 -> 403;
            case 404 -> 404;
            case 409 -> 409;
            case 400, 413 -> 400;
            default -> e.status() >= 500 ? 502 : 400;
        };
        return Response.status(status).type(MediaType.TEXT_HTML_TYPE)
                .entity(Templates.serviceError(e.explanation(), status)).build();
    }
}
