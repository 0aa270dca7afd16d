package io.provisioning.console.pages;

import com.fasterxml.jackson.databind.JsonNode;
import io.provisioning.console.services.ConnectorApi;
import io.provisioning.console.services.Service;
import io.provisioning.console.services.ServiceClient;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** Reconciliation: start a report or a repair of a target, follow its progress, act on the drift it found. */
@Path("/reconciliations")
@RolesAllowed(Roles.OPERATOR)
public class ReconciliationPage {

    @Inject
    ServiceClient services;

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance reconciliations(List<OverviewPage.Target> targets);

        static native TemplateInstance run(ConnectorApi.Report report, String cursor, String linked, String disabled);

        static native TemplateInstance run$progress(ConnectorApi.Report report);
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance start() {
        OverviewPage.Target[] targets = services.get(Service.CONNECTOR, "/api/v1/targets", Map.of(),
                OverviewPage.Target[].class);
        return Templates.reconciliations(Arrays.asList(targets));
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response start(@FormParam("targetId") String targetId, @FormParam("mode") String mode) {
        JsonNode started = services.post(Service.CONNECTOR, "/api/v1/targets/" + ServiceClient.encode(
                targetId == null ? "" : targetId) + "/reconciliations", Map.of("mode", mode == null ? "" : mode), null, null);
        return Forms.seeOther("/reconciliations/" + ServiceClient.encode(started.path("runId").asText()));
    }

    @GET
    @Path("open")
    public Response open(@QueryParam("runId") String runId) {
        return Forms.seeOther(runId == null || runId.isBlank() ? "/reconciliations"
                : "/reconciliations/" + ServiceClient.encode(runId.strip()));
    }

    @GET
    @Path("{runId}")
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance run(@PathParam("runId") String runId, @QueryParam("cursor") String cursor,
                                @QueryParam("linked") String linked, @QueryParam("disabled") String disabled) {
        return Templates.run(report(runId, cursor), cursor, linked, disabled);
    }

    /** The progress bar alone, polled while the run goes on; a finished run reloads the whole page. */
    @GET
    @Path("{runId}/progress")
    @Produces(MediaType.TEXT_HTML)
    public Response progress(@PathParam("runId") String runId) {
        ConnectorApi.Report report = report(runId, null);
        Response.ResponseBuilder response = Response.ok(Templates.run$progress(report));
        if (!report.running()) {
            response.header("HX-Refresh", "true");
        }
        return response.build();
    }

    @POST
    @Path("{runId}/orphans/{accountId}/link")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response link(@PathParam("runId") String runId, @PathParam("accountId") String accountId,
                         @FormParam("workerId") String workerId) {
        services.post(Service.CONNECTOR, "/api/v1/reconciliations/" + ServiceClient.encode(runId) + "/orphans/"
                + ServiceClient.encode(accountId) + "/link", Map.of("workerId", workerId == null ? "" : workerId), null, null);
        return Forms.seeOther("/reconciliations/" + ServiceClient.encode(runId) + "?linked="
                + ServiceClient.encode(accountId));
    }

    @POST
    @Path("{runId}/orphans/{accountId}/disable")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response disable(@PathParam("runId") String runId, @PathParam("accountId") String accountId) {
        services.post(Service.CONNECTOR, "/api/v1/reconciliations/" + ServiceClient.encode(runId) + "/orphans/"
                + ServiceClient.encode(accountId) + "/disable", Map.of(), null, null);
        return Forms.seeOther("/reconciliations/" + ServiceClient.encode(runId) + "?disabled="
                + ServiceClient.encode(accountId));
    }

    private ConnectorApi.Report report(String runId, String cursor) {
        return services.get(Service.CONNECTOR, "/api/v1/reconciliations/" + ServiceClient.encode(runId),
                Map.of("cursor", cursor == null ? "" : cursor, "limit", 200), ConnectorApi.Report.class);
    }
}
