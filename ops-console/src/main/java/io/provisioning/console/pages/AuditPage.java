package io.provisioning.console.pages;

import io.provisioning.console.services.AuditApi;
import io.provisioning.console.services.Service;
import io.provisioning.console.services.ServiceClient;
import io.provisioning.console.services.ServiceException;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The auditor's page: search the trail, follow a trace, verify the chain, export. */
@Path("/audit")
@RolesAllowed(Roles.AUDITOR)
public class AuditPage {

    @Inject
    ServiceClient services;

    /** The search as entered, echoed back into the form. */
    public record Search(String workerId, String targetId, String type, String correlationId, String from, String to) {

        Map<String, Object> query() {
            Map<String, Object> query = new LinkedHashMap<>();
            query.put("workerId", workerId);
            query.put("targetId", targetId);
            query.put("type", type);
            query.put("correlationId", correlationId);
            query.put("from", from);
            query.put("to", to);
            return query;
        }

        boolean empty() {
            return query().values().stream().allMatch(v -> v == null || v.toString().isBlank());
        }
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance audit(Search search, List<AuditApi.AuditRecord> records, String nextCursor,
                                             String problem);

        static native TemplateInstance trace(AuditApi.Trace trace);

        static native TemplateInstance verification(AuditApi.Verification verification, boolean full);
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance search(@QueryParam("workerId") String workerId, @QueryParam("targetId") String targetId,
                                   @QueryParam("type") String type, @QueryParam("correlationId") String correlationId,
                                   @QueryParam("from") String from, @QueryParam("to") String to,
                                   @QueryParam("cursor") String cursor) {
        Search search = new Search(blankToNull(workerId), blankToNull(targetId), blankToNull(type),
                blankToNull(correlationId), blankToNull(from), blankToNull(to));
        try {
            Map<String, Object> query = search.query();
            query.put("cursor", cursor);
            query.put("limit", 100);
            AuditApi.RecordPage page = services.get(Service.AUDIT, "/api/v1/audit/records", query,
                    AuditApi.RecordPage.class);
            return Templates.audit(search, page.records(), page.nextCursor(), null);
        } catch (ServiceException e) {
            if (e.needsItsOwnPage()) {
                throw e;
            }
            return Templates.audit(search, List.of(), null, e.explanation());
        }
    }

    @GET
    @Path("trace/{correlationId}")
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance trace(@PathParam("correlationId") String correlationId) {
        return Templates.trace(services.get(Service.AUDIT, "/api/v1/audit/trace/" + ServiceClient.encode(correlationId),
                Map.of(), AuditApi.Trace.class));
    }

    /** A worker's access at an instant is shown on their page, in their time zone. */
    @GET
    @Path("access")
    public Response access(@QueryParam("workerId") String workerId, @QueryParam("at") String at) {
        if (workerId == null || workerId.isBlank()) {
            return Forms.seeOther("/audit");
        }
        return Forms.seeOther("/workers/" + ServiceClient.encode(workerId.strip()) + "?at="
                + ServiceClient.encode(at == null ? "" : at) + "#access-heading");
    }

    @GET
    @Path("verify")
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance verify(@QueryParam("full") boolean full) {
        return Templates.verification(services.get(Service.AUDIT, "/api/v1/audit/verify",
                Map.of("full", full), AuditApi.Verification.class), full);
    }

    /** The export, streamed through as audit-service writes it, as a download. */
    @GET
    @Path("export")
    public Response export(@QueryParam("format") String format, @QueryParam("from") String from,
                           @QueryParam("to") String to) {
        String chosen = "csv".equals(format) ? "csv" : "ndjson";
        Map<String, Object> query = new LinkedHashMap<>();
        query.put("format", chosen);
        query.put("from", blankToNull(from));
        query.put("to", blankToNull(to));
        HttpResponse<InputStream> upstream = services.stream(Service.AUDIT, "/api/v1/audit/export", query);
        StreamingOutput body = output -> {
            try (InputStream in = upstream.body()) {
                in.transferTo(output);
            }
        };
        return Response.ok(body)
                .type(upstream.headers().firstValue("Content-Type").orElse(
                        chosen.equals("csv") ? "text/csv" : "application/x-ndjson"))
                .header("Content-Disposition", "attachment; filename=\"audit-trail." + chosen + "\"")
                .build();
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
