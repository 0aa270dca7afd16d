package io.provisioning.console.pages;

import io.provisioning.console.services.IngestApi;
import io.provisioning.console.services.Service;
import io.provisioning.console.services.ServiceClient;
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

/** Workforce snapshots: the list, a held one's summary and who it changes, and the operator's decision. */
@Path("/snapshots")
@RolesAllowed(Roles.OPERATOR)
public class SnapshotsPage {

    static final List<String> STATUSES = List.of("HELD", "APPLIED", "PUBLISHING", "REJECTED", "SUPERSEDED");
    private static final List<String> EVENT_TYPES = List.of("terminated", "hired", "rehired", "updated");

    @Inject
    ServiceClient services;

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance snapshots(List<IngestApi.Snapshot> snapshots, String status,
                                                 List<String> statuses, int page, boolean more);

        static native TemplateInstance snapshot(IngestApi.Snapshot snapshot, IngestApi.SnapshotEventPage events,
                                                String type, List<String> types, boolean more);
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance list(@QueryParam("status") String status, @QueryParam("page") @DefaultValue("0") int page) {
        String chosen = status == null ? "HELD" : status;
        IngestApi.SnapshotPage snapshots = services.get(Service.HR_INGEST, "/api/v1/hr-snapshots",
                Map.of("status", chosen.equals("ALL") ? "" : chosen, "page", Math.max(0, page), "size", 50),
                IngestApi.SnapshotPage.class);
        boolean more = (long) (snapshots.page() + 1) * snapshots.size() < snapshots.total();
        return Templates.snapshots(snapshots.items(), chosen, STATUSES, snapshots.page(), more);
    }

    @GET
    @Path("{id}")
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance snapshot(@PathParam("id") String id, @QueryParam("type") String type,
                                     @QueryParam("page") @DefaultValue("0") int page) {
        String path = "/api/v1/hr-snapshots/" + ServiceClient.encode(id);
        IngestApi.Snapshot snapshot = services.get(Service.HR_INGEST, path, Map.of(), IngestApi.Snapshot.class);
        String chosen = type == null ? "terminated" : type;
        IngestApi.SnapshotEventPage events = services.get(Service.HR_INGEST, path + "/events",
                Map.of("type", chosen.equals("all") ? "" : chosen, "page", Math.max(0, page), "size", 100),
                IngestApi.SnapshotEventPage.class);
        boolean more = (long) (events.page() + 1) * events.size() < events.total();
        return Templates.snapshot(snapshot, events, chosen, EVENT_TYPES, more);
    }

    @POST
    @Path("{id}/approve")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response approve(@PathParam("id") String id, @FormParam("comment") String comment) {
        return decide(id, "approve", comment);
    }

    @POST
    @Path("{id}/reject")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response reject(@PathParam("id") String id, @FormParam("comment") String comment) {
        return decide(id, "reject", comment);
    }

    private Response decide(String id, String decision, String comment) {
        services.post(Service.HR_INGEST, "/api/v1/hr-snapshots/" + ServiceClient.encode(id) + "/" + decision, Map.of(),
                Forms.json("comment", comment), MediaType.APPLICATION_JSON);
        return Forms.seeOther("/snapshots/" + ServiceClient.encode(id));
    }
}
