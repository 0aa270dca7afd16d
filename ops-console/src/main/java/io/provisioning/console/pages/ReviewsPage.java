package io.provisioning.console.pages;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.provisioning.console.services.PolicyApi;
import io.provisioning.console.services.Service;
import io.provisioning.console.services.ServiceClient;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
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

/**
 * Access reviews: the reviews a signed-in reviewer has items in (every review for readers), and a
 * review's items with a keep / revoke / reassign form each. policy-service decides who may decide
 * what; the console only shows it.
 */
@Path("/reviews")
public class ReviewsPage {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String API = "/api/v1/reviews";
    private static final int ITEMS_SHOWN = 500;

    @Inject
    ServiceClient services;

    @Inject
    Viewer viewer;

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance reviews(List<PolicyApi.Review> reviews);

        static native TemplateInstance review(PolicyApi.Review review, List<PolicyApi.ReviewItem> items, boolean mine,
                                              int shown);
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance reviews() {
        return Templates.reviews(services.get(Service.POLICY, API, Map.of("size", 200), PolicyApi.ReviewPage.class).items());
    }

    /** The review; a worker sees the items waiting for them, undecided first. */
    @GET
    @Path("{id}")
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance review(@PathParam("id") String id) {
        String path = API + "/" + ServiceClient.encode(id);
        PolicyApi.Review review = services.get(Service.POLICY, path, Map.of(), PolicyApi.Review.class);
        boolean mine = viewer.worker();
        Map<String, Object> query = mine ? Map.of("reviewer", "me", "size", ITEMS_SHOWN) : Map.of("size", ITEMS_SHOWN);
        List<PolicyApi.ReviewItem> items = services.get(Service.POLICY, path + "/items", query,
                PolicyApi.ReviewItemPage.class).items();
        List<PolicyApi.ReviewItem> undecidedFirst = new java.util.ArrayList<>(items);
        undecidedFirst.sort(java.util.Comparator.comparing((PolicyApi.ReviewItem i) -> i.decision() != null)
                .thenComparingInt(PolicyApi.ReviewItem::itemId));
        return Templates.review(review, undecidedFirst, mine, ITEMS_SHOWN);
    }

    /** Keeps, revokes or reassigns one item, then shows the review again. */
    @POST
    @Path("{id}/items/{itemId}")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response decide(@PathParam("id") String id, @PathParam("itemId") String itemId,
                           @FormParam("decision") String decision, @FormParam("reason") String reason,
                           @FormParam("reassignTo") String reassignTo) {
        ObjectNode body = MAPPER.createObjectNode();
        body.put("decision", decision);
        if (reason != null && !reason.isBlank()) {
            body.put("reason", reason.strip());
        }
        if (reassignTo != null && !reassignTo.isBlank()) {
            body.put("reassignTo", reassignTo.strip());
        }
        services.post(Service.POLICY, API + "/" + ServiceClient.encode(id) + "/items/" + ServiceClient.encode(itemId)
                + "/decision", Map.of(), body.toString(), MediaType.APPLICATION_JSON);
        return Forms.seeOther("/reviews/" + ServiceClient.encode(id) + "#item-" + ServiceClient.encode(itemId));
    }
}
