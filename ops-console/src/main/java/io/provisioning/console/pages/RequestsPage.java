package io.provisioning.console.pages;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.provisioning.console.services.PolicyApi;
import io.provisioning.console.services.Service;
import io.provisioning.console.services.ServiceClient;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import io.quarkus.security.ForbiddenException;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Access requests for signed-in workers: what they asked for (and may ask for), and what waits for
 * their decision. policy-service decides who may do what; the console only shows it.
 */
@Path("/requests")
public class RequestsPage {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Set<String> ACTIONS = Set.of("approve", "deny", "cancel", "revoke");
    private static final String API = "/api/v1/access-requests";

    @Inject
    ServiceClient services;

    @Inject
    Viewer viewer;

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance mine(List<PolicyApi.AccessRequest> requests,
                                            List<PolicyApi.Requestable> requestable, String workerId);

        static native TemplateInstance waiting(List<PolicyApi.AccessRequest> requests);

        static native TemplateInstance request(PolicyApi.AccessRequest request, String workerId);
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance mine() {
        String me = worker();
        PolicyApi.RequestPage page = services.get(Service.POLICY, API, Map.of("size", 200), PolicyApi.RequestPage.class);
        List<PolicyApi.AccessRequest> mine = page.items().stream()
                .filter(r -> me.equals(r.beneficiary()) || me.equals(r.requestedBy())).toList();
        List<PolicyApi.Requestable> requestable = services.get(Service.POLICY, API + "/requestable", Map.of(),
                new TypeReference<List<PolicyApi.Requestable>>() { });
        return Templates.mine(mine, requestable, me);
    }

    @GET
    @Path("waiting")
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance waiting() {
        worker();
        PolicyApi.RequestPage page = services.get(Service.POLICY, API, Map.of("approver", "me", "size", 200),
                PolicyApi.RequestPage.class);
        return Templates.waiting(page.items());
    }

    @GET
    @Path("{id}")
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance request(@PathParam("id") String id) {
        return Templates.request(services.get(Service.POLICY, API + "/" + ServiceClient.encode(id), Map.of(),
                PolicyApi.AccessRequest.class), viewer.workerId());
    }

    /** Asks for a group; {@code requestable} is {@code <targetId>/<group>}. */
    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response create(@FormParam("requestable") String requestable, @FormParam("beneficiary") String beneficiary,
                           @FormParam("duration") String duration, @FormParam("justification") String justification) {
        worker();
        ObjectNode body = MAPPER.createObjectNode();
        int slash = requestable == null ? -1 : requestable.indexOf('/');
        body.put("targetId", slash < 0 ? requestable : requestable.substring(0, slash));
        body.put("group", slash < 0 ? null : requestable.substring(slash + 1));
        if (beneficiary != null && !beneficiary.isBlank()) {
            body.put("beneficiary", beneficiary.strip());
        }
        body.put("duration", duration);
        body.put("justification", justification);
        JsonNode created = services.post(Service.POLICY, API, Map.of(), body.toString(), MediaType.APPLICATION_JSON);
        return Forms.seeOther("/requests/" + ServiceClient.encode(created.path("requestId").asText()));
    }

    @POST
    @Path("{id}/{action}")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response act(@PathParam("id") String id, @PathParam("action") String action,
                        @FormParam("comment") String comment) {
        worker();
        if (!ACTIONS.contains(action)) {
            throw new jakarta.ws.rs.NotFoundException();
        }
        services.post(Service.POLICY, API + "/" + ServiceClient.encode(id) + "/" + action, Map.of(),
                Forms.json("comment", comment), MediaType.APPLICATION_JSON);
        return Forms.seeOther("/requests/" + ServiceClient.encode(id));
    }

    /** The signed-in worker's id; a sign-in that names no worker has no requests. */
    private String worker() {
        if (!viewer.worker()) {
            throw new ForbiddenException("Your sign-in names no worker: access requests are for workers.");
        }
        return viewer.workerId();
    }
}
