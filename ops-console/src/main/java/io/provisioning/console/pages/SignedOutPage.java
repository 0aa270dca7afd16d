package io.provisioning.console.pages;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** Where Keycloak sends the browser back after signing out. */
@Path("/signed-out")
@PermitAll
public class SignedOutPage {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance signedOut();
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance signedOut() {
        return Templates.signedOut();
    }
}
