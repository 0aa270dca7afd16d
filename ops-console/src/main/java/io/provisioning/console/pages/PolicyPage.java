package io.provisioning.console.pages;

import com.fasterxml.jackson.databind.JsonNode;
import io.provisioning.console.services.PolicyApi;
import io.provisioning.console.services.Service;
import io.provisioning.console.services.ServiceClient;
import io.provisioning.console.services.ServiceException;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;

/** The access policy: versions, the difference between two, a draft's preview, and its activation. */
@Path("/policy")
@RolesAllowed({Roles.OPERATOR, Roles.POLICY_ADMIN})
public class PolicyPage {

    @Inject
    ServiceClient services;

    /**
     * A mass change the policy-service refused until confirmed: its reason, the counts, and the
     * digest that confirms exactly this outcome.
     */
    public record MassChange(String reason, String digest, Map<String, PolicyApi.Counts> targets) {
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance versions(PolicyApi.VersionPage versions, boolean more);

        static native TemplateInstance version(PolicyApi.Version version);

        static native TemplateInstance diff(long from, long to, List<LineDiff.Line> lines, int added, int removed);

        static native TemplateInstance draft(String document, String comment, PolicyApi.Preview preview,
                                             String cursor, MassChange massChange, String problem);
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance versions(@QueryParam("page") @DefaultValue("0") int page) {
        PolicyApi.VersionPage versions = services.get(Service.POLICY, "/api/v1/policy/versions",
                Map.of("page", Math.max(0, page), "size", 20), PolicyApi.VersionPage.class);
        return Templates.versions(versions, (long) (versions.page() + 1) * versions.size() < versions.total());
    }

    @GET
    @Path("versions/{version}")
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance version(@PathParam("version") long version) {
        return Templates.version(version(String.valueOf(version)));
    }

    @GET
    @Path("diff")
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance diff(@QueryParam("from") long from, @QueryParam("to") long to) {
        List<LineDiff.Line> lines = LineDiff.of(version(String.valueOf(from)).text(), version(String.valueOf(to)).text());
        int added = (int) lines.stream().filter(l -> l.kind().equals("add")).count();
        int removed = (int) lines.stream().filter(l -> l.kind().equals("del")).count();
        return Templates.diff(from, to, lines, added, removed);
    }

    /** A draft starts as the active policy's document. */
    @GET
    @Path("draft")
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance draft() {
        JsonNode active = services.get(Service.POLICY, "/api/v1/policy", Map.of(), JsonNode.class);
        JsonNode document = active.path("document");
        String text = document.isTextual() ? document.asText() : document.toPrettyString();
        return Templates.draft(text, "", null, null, null, null);
    }

    @POST
    @Path("preview")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance preview(@FormParam("document") String document, @FormParam("comment") String comment,
                                    @FormParam("cursor") String cursor) {
        String text = document == null ? "" : document;
        try {
            PolicyApi.Preview preview = services.read(Service.POLICY, services.post(Service.POLICY,
                    "/api/v1/policy/preview", Map.of("cursor", cursor == null ? "" : cursor, "limit", 50), text,
                    contentType(text)), PolicyApi.Preview.class);
            return Templates.draft(text, comment, preview, cursor, null, null);
        } catch (ServiceException e) {
            return objection(text, comment, e);
        }
    }

    /** Activates the draft; a mass change comes back for confirmation with the preview's digest. */
    @POST
    @Path("activate")
    @RolesAllowed(Roles.POLICY_ADMIN)
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.TEXT_HTML)
    public Object activate(@FormParam("document") String document, @FormParam("comment") String comment,
                           @FormParam("confirm") String confirm) {
        String text = document == null ? "" : document;
        try {
            PolicyApi.Activation activation = services.read(Service.POLICY, services.put(Service.POLICY,
                    "/api/v1/policy", Map.of("comment", comment == null ? "" : comment.strip(),
                            "confirm", confirm == null ? "" : confirm), text, contentType(text)),
                    PolicyApi.Activation.class);
            return Forms.seeOther("/policy/versions/" + activation.version() + (activation.changed() ? "" : "?unchanged"));
        } catch (ServiceException e) {
            if (e.status() == 409 && e.problem().has("digest")) {
                Map<String, PolicyApi.Counts> counts = services.read(Service.POLICY, e.problem().path("targets"),
                        CountsByTarget.class);
                return Templates.draft(text, comment, null, null,
                        new MassChange(e.detail(), e.problem().path("digest").asText(), counts), null);
            }
            return objection(text, comment, e);
        }
    }

    /** The draft again, with what policy-service objected to (an invalid document, say). */
    private static TemplateInstance objection(String text, String comment, ServiceException e) {
        if (e.needsItsOwnPage()) {
            throw e;
        }
        return Templates.draft(text, comment, null, null, null, e.explanation());
    }

    /** The counts per target, as a class Jackson can read a map into. */
    public static class CountsByTarget extends java.util.TreeMap<String, PolicyApi.Counts> {
    }

    private PolicyApi.Version version(String version) {
        return services.get(Service.POLICY, "/api/v1/policy/versions/" + ServiceClient.encode(version), Map.of(),
                PolicyApi.Version.class);
    }

    private static String contentType(String text) {
        return text.stripLeading().startsWith("{") ? MediaType.APPLICATION_JSON : "application/yaml";
    }
}
