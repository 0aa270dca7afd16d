package io.provisioning.policy.api;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.provisioning.common.problem.Problem;
import io.provisioning.common.problem.ProblemException;
import io.provisioning.common.problem.QueryParameters;
import io.provisioning.common.security.ApiRoles;
import io.provisioning.contracts.Json;
import io.provisioning.policy.requests.Caller;
import io.provisioning.policy.reviews.AccessReviews;
import io.provisioning.policy.reviews.ItemDecision;
import io.provisioning.policy.reviews.NewReview;
import io.provisioning.policy.reviews.ReviewEvidence;
import io.provisioning.policy.reviews.ReviewItemView;
import io.provisioning.policy.reviews.ReviewProblems;
import io.provisioning.policy.reviews.ReviewQueries;
import io.provisioning.policy.reviews.ReviewView;
import io.quarkus.security.Authenticated;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Access reviews (certification campaigns): a policy administrator scopes who and what is reviewed;
 * each item goes to a reviewer (the worker's manager by default) who keeps or revokes it; at the
 * deadline, revocations go to the targets like any other change, and the evidence cites the audit
 * records that prove every decision and its effect.
 */
@Path("/api/v1/reviews")
@Produces(MediaType.APPLICATION_JSON)
@Authenticated
@Tag(name = "Access reviews", description = "Certification campaigns: reviewers keep or revoke the access in scope;"
        + " revocations are provisioned at the close; evidence for auditors")
public class ReviewsResource {

    private static final ObjectMapper MAPPER = Json.mapper().copy()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    private static final String CSV = "text/csv";
    private static final int DEFAULT_SIZE = 100;
    private static final int MAX_SIZE = 1000;
    private static final Set<String> DECISION_FILTERS = Set.of("undecided", ItemDecision.KEEP, ItemDecision.REVOKE);
    private static final Set<String> OUTCOMES = Set.of("kept", "unanswered", "revoked", "no-longer-held", "not-revoked");
    private static final Set<String> DELIVERIES = Set.of("applied", "pending", "failed");
    private static final Set<String> STATES = Set.of("OPEN", "CLOSING", "CLOSED");

    @Inject
    AccessReviews reviews;

    @Inject
    ReviewQueries queries;

    @Inject
    ReviewEvidence evidence;

    @Inject
    Callers callers;

    /** A page of reviews. */
    public record ReviewPage(List<ReviewView> items, int page, int size) {
    }

    /** A page of items. */
    public record ItemPage(List<ReviewItemView> items, int page, int size) {
    }

    /** A page of exclusions. */
    public record ExclusionPage(List<ReviewQueries.ExclusionView> items, int page, int size) {
    }

    /** Decisions on several items, recorded all or none. */
    public record Decisions(List<ItemDecision> decisions) {
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(ApiRoles.POLICY_ADMIN)
    @Operation(summary = "Create an access review",
            description = "Creates a review of the access in scope: one item per (worker, target, group) that an active"
                    + " or on-leave worker's accounts hold in the targets (only the groups named, if any; only workers"
                    + " whose HR fields match the filter, if any), each with why it exists (rule ids, requests) and"
                    + " its reviewer: manager (HR's manager, else the manager's manager, else the fallback), owner:<id>"
                    + " or owner:group:<realm group>. Nobody reviews their own access. noAnswer says what an item"
                    + " nobody decided becomes at the deadline: keep (the default; reported as unanswered) or revoke"
                    + " (role policy-admin).")
    @APIResponse(responseCode = "201", description = "The review, OPEN, with its item count",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ReviewView.class)))
    @APIResponse(responseCode = "400", description = "A field is missing or wrong: each is named with why",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
    public Response create(NewReview body) {
        Caller caller = callers.current();
        UUID reviewId = reviews.create(caller, body);
        return Response.status(Response.Status.CREATED).header(HttpHeaders.LOCATION, "/api/v1/reviews/" + reviewId)
                .entity(queries.review(caller, reviewId)).build();
    }

    @GET
    @Operation(summary = "List access reviews",
            description = "Reviews, newest first. Auditors, operators and policy administrators see every one; a"
                    + " worker sees those with items waiting for them.")
    @APIResponse(responseCode = "200", description = "A page of reviews",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ReviewPage.class)))
    @APIResponse(responseCode = "400", description = "A query parameter is wrong",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
    public ReviewPage list(
            @Parameter(description = "Only reviews in this state: OPEN, CLOSING or CLOSED") @QueryParam("state") String state,
            @Parameter(description = "0-based page number; default 0") @QueryParam("page") String page,
            @Parameter(description = "Reviews per page, 1-1000; default 100") @QueryParam("size") String size) {
        Caller caller = workerOrReader();
        QueryParameters parameters = new QueryParameters();
        String wanted = oneOf(parameters, "state", state, STATES);
        QueryParameters.Page p = parameters.page(page, size, DEFAULT_SIZE, MAX_SIZE);
        parameters.check();
        return new ReviewPage(queries.reviews(caller, wanted, p), p.number(), p.size());
    }

    @GET
    @Path("/exclusions")
    @RolesAllowed({ApiRoles.OPERATOR, ApiRoles.POLICY_ADMIN, ApiRoles.AUDITOR})
    @Operation(summary = "List birthright access revoked by reviews",
            description = "The birthright groups reviews revoked, by worker: their desired state leaves each out until"
                    + " HR moves the worker (department, job title, job code, location or worker type) or they leave."
                    + " The rules listed granted it: the policy is where to fix them (operator, policy-admin, auditor).")
    @APIResponse(responseCode = "200", description = "A page of exclusions, newest first",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ExclusionPage.class)))
    @APIResponse(responseCode = "400", description = "A query parameter is wrong",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
    public ExclusionPage exclusions(
            @Parameter(description = "Only this worker's") @QueryParam("workerId") String workerId,
            @Parameter(description = "Only those this review revoked (its id)") @QueryParam("reviewId") String reviewId,
            @Parameter(description = "0-based page number; default 0") @QueryParam("page") String page,
            @Parameter(description = "Exclusions per page, 1-1000; default 100") @QueryParam("size") String size) {
        QueryParameters parameters = new QueryParameters();
        String review = QueryParameters.given(reviewId);
        if (review != null) {
            try {
                UUID.fromString(review);
            } catch (IllegalArgumentException e) {
                parameters.wrong("reviewId", "is not a review id (a UUID)");
            }
        }
        QueryParameters.Page p = parameters.page(page, size, DEFAULT_SIZE, MAX_SIZE);
        parameters.check();
        return new ExclusionPage(queries.exclusions(QueryParameters.given(workerId), review, p), p.number(), p.size());
    }

    @GET
    @Path("/{reviewId}")
    @Operation(summary = "Get an access review",
            description = "The review with its counts: items by decision, and once closing, by outcome, and its"
                    + " revocations by delivery (applied, pending, failed).")
    @APIResponse(responseCode = "200", description = "The review",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ReviewView.class)))
    @APIResponse(responseCode = "404", description = "No review with that id is visible to the caller",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
    public ReviewView get(@Parameter(description = "The review's id (a UUID)") @PathParam("reviewId") String reviewId) {
        return queries.review(workerOrReader(), id(reviewId));
    }

    @GET
    @Path("/{reviewId}/items")
    @Operation(summary = "List a review's items",
            description = "Items in order, with why the access exists, the reviewer, the decision and, once closed,"
                    + " what became of it. reviewer=me: the items waiting for the caller (as a worker, or a member of"
                    + " the item's group); a worker who reads no other review sees only those.")
    @APIResponse(responseCode = "200", description = "A page of items",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ItemPage.class)))
    @APIResponse(responseCode = "400", description = "A query parameter is wrong",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
    @APIResponse(responseCode = "404", description = "No review with that id is visible to the caller",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
    public ItemPage items(@Parameter(description = "The review's id (a UUID)") @PathParam("reviewId") String reviewId,
            @Parameter(description = "me, or a worker id (readers only)") @QueryParam("reviewer") String reviewer,
            @Parameter(description = "undecided, keep or revoke") @QueryParam("decision") String decision,
            @Parameter(description = "kept, unanswered, revoked, no-longer-held or not-revoked") @QueryParam("outcome")
            String outcome,
            @Parameter(description = "Only this worker's access") @QueryParam("workerId") String workerId,
            @Parameter(description = "applied, pending or failed: how a revocation's command fared") @QueryParam("delivery")
            String delivery,
            @Parameter(description = "0-based page number; default 0") @QueryParam("page") String page,
            @Parameter(description = "Items per page, 1-1000; default 100") @QueryParam("size") String size) {
        Caller caller = workerOrReader();
        UUID id = id(reviewId);
        QueryParameters parameters = new QueryParameters();
        String wantedReviewer = QueryParameters.given(reviewer);
        if ("me".equals(wantedReviewer)) {
            if (caller.workerId() == null) {
                parameters.wrong("reviewer", "cannot be me: your sign-in names no worker");
            }
            wantedReviewer = caller.workerId();
        } else if (wantedReviewer != null && !caller.reader()) {
            parameters.wrong("reviewer", "must be me: only auditors, operators and policy administrators name another");
        }
        if (!caller.reader()) {
            wantedReviewer = caller.workerId();
        }
        ReviewQueries.ItemFilter filter = new ReviewQueries.ItemFilter(wantedReviewer,
                oneOf(parameters, "decision", decision, DECISION_FILTERS), oneOf(parameters, "outcome", outcome, OUTCOMES),
                QueryParameters.given(workerId), oneOf(parameters, "delivery", delivery, DELIVERIES));
        QueryParameters.Page p = parameters.page(page, size, DEFAULT_SIZE, MAX_SIZE);
        parameters.check();
        return new ItemPage(queries.items(caller, id, filter, p), p.number(), p.size());
    }

    @POST
    @Path("/{reviewId}/decisions")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Decide on items",
            description = "Records up to 1000 decisions, all or none: keep; revoke (a reason is required); reassign"
                    + " (reassignTo: the active worker who reviews it instead). Only the item's reviewer decides (a"
                    + " policy administrator may also reassign); nobody decides on their own access. A decision may be"
                    + " changed until the review closes.")
    @APIResponse(responseCode = "200", description = "The review's counts after the decisions",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ReviewView.class)))
    @APIResponse(responseCode = "400", description = "A decision is wrong: each is named with why; none was recorded",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
    @APIResponse(responseCode = "403", description = "An item is not the caller's to decide; none was recorded",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
    @APIResponse(responseCode = "404", description = "No review with that id",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
    @APIResponse(responseCode = "409", description = "The review is closing or closed",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
    public ReviewView decide(@Parameter(description = "The review's id (a UUID)") @PathParam("reviewId") String reviewId,
                             String body) {
        Caller caller = deciding();
        UUID id = id(reviewId);
        Decisions decisions = read(body, Decisions.class, "{\"decisions\": [{\"itemId\": 1, \"decision\": \"keep\"}]}");
        reviews.decide(caller, id, decisions == null ? null : decisions.decisions());
        return queries.review(caller.asParty(), id);
    }

    @POST
    @Path("/{reviewId}/items/{itemId}/decision")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Decide on one item",
            description = "As POST .../decisions for one item: {\"decision\": \"keep\"|\"revoke\"|\"reassign\","
                    + " \"reason\", \"reassignTo\"}.")
    @APIResponse(responseCode = "200", description = "The item after the decision",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ReviewItemView.class)))
    @APIResponse(responseCode = "400", description = "The decision is wrong: each field is named with why",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
    @APIResponse(responseCode = "403", description = "The item is not the caller's to decide",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
    @APIResponse(responseCode = "404", description = "No review with that id",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
    @APIResponse(responseCode = "409", description = "The review is closing or closed",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
    public ReviewItemView decideOne(@Parameter(description = "The review's id (a UUID)") @PathParam("reviewId") String reviewId,
                                    @Parameter(description = "The item's number") @PathParam("itemId") String itemId,
                                    String body) {
        Caller caller = deciding();
        UUID id = id(reviewId);
        int item;
        try {
            item = Integer.parseInt(itemId);
        } catch (NumberFormatException e) {
            throw ProblemException.notFound("No item with that number in this review.");
        }
        ItemDecision decision = read(body, ItemDecision.class, "{\"decision\": \"revoke\", \"reason\": \"...\"}");
        if (decision == null) {
            throw ProblemException.invalid("The body must be a decision.",
                    List.of(new Problem.FieldError(null, "/decision", "is required")));
        }
        try {
            reviews.decide(caller, id, List.of(new ItemDecision(item, decision.decision(), decision.reason(),
                    decision.reassignTo())));
        } catch (ProblemException e) {
            throw e.problem().status() == 400 ? ProblemException.invalid(e.problem().detail(), e.problem().errors().stream()
                    .map(f -> new Problem.FieldError(null, f.pointer(), f.message()))
                    .toList()) : e;
        }
        return queries.items(caller.asParty(), id, new ReviewQueries.ItemFilter(null, null, null, null, null),
                new QueryParameters.Page(item - 1, 1)).get(0);
    }

    @POST
    @Path("/{reviewId}/close")
    @Consumes(MediaType.WILDCARD)
    @RolesAllowed(ApiRoles.POLICY_ADMIN)
    @Operation(summary = "Close a review now",
            description = "Closes an open review before its deadline: it is CLOSING while its revocations are"
                    + " provisioned, then CLOSED (role policy-admin).")
    @APIResponse(responseCode = "202", description = "The review, CLOSING",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ReviewView.class)))
    @APIResponse(responseCode = "404", description = "No review with that id",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
    @APIResponse(responseCode = "409", description = "The review is closing or closed already",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
    public Response close(@Parameter(description = "The review's id (a UUID)") @PathParam("reviewId") String reviewId) {
        Caller caller = callers.current();
        UUID id = id(reviewId);
        reviews.close(caller, id);
        return Response.accepted(queries.review(caller, id)).build();
    }

    @GET
    @Path("/{reviewId}/evidence")
    @Produces({MediaType.APPLICATION_JSON, CSV})
    @RolesAllowed({ApiRoles.AUDITOR, ApiRoles.POLICY_ADMIN})
    @Operation(summary = "A review's evidence",
            description = "Every item with its decision, reviewer, time and reason, what became of it, the command"
                    + " that carried a revocation and how the target answered, and the sequence numbers of the audit"
                    + " records that prove each; with whether the trail agrees and the chain verifies. The records are"
                    + " read from audit-service with the caller's token (role auditor there). JSON, or CSV with"
                    + " format=csv or Accept: text/csv (roles auditor, policy-admin).")
    @APIResponse(responseCode = "200", description = "The evidence",
            content = {@Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = ReviewEvidence.Evidence.class)),
                    @Content(mediaType = CSV, schema = @Schema(type = SchemaType.STRING))})
    @APIResponse(responseCode = "400", description = "format is neither json nor csv",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
    @APIResponse(responseCode = "404", description = "No review with that id",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
    public Response evidence(@Parameter(description = "The review's id (a UUID)") @PathParam("reviewId") String reviewId,
                             @Parameter(description = "json (the default) or csv") @QueryParam("format") String format,
                             @HeaderParam(HttpHeaders.ACCEPT) String accept) {
        Caller caller = callers.current();
        String wanted = QueryParameters.given(format);
        if (wanted != null && !wanted.equals("json") && !wanted.equals("csv")) {
            QueryParameters parameters = new QueryParameters();
            parameters.wrong("format", "must be json or csv");
            parameters.check();
        }
        boolean csv = "csv".equals(wanted) || wanted == null && accept != null && accept.contains(CSV)
                && !accept.contains(MediaType.APPLICATION_JSON);
        ReviewView review = queries.review(caller, id(reviewId));
        ReviewEvidence.Prepared prepared = evidence.prepare(review, caller.name(), callers.bearer());
        if (!csv) {
            StreamingOutput json = output -> evidence.json(prepared, output);
            return Response.ok(json, MediaType.APPLICATION_JSON).build();
        }
        StreamingOutput out = output -> {
            var writer = new BufferedWriter(new OutputStreamWriter(output, StandardCharsets.UTF_8));
            evidence.csv(prepared, writer);
            writer.flush();
        };
        return Response.ok(out, CSV + "; charset=utf-8").header("Content-Disposition",
                "attachment; filename=\"review-" + review.reviewId() + "-evidence.csv\"").build();
    }

    private static String oneOf(QueryParameters parameters, String name, String value, Set<String> allowed) {
        String given = QueryParameters.given(value);
        if (given != null && !allowed.contains(given)) {
            parameters.wrong(name, "must be one of " + new java.util.TreeSet<>(allowed));
        }
        return given;
    }

    private static <T> T read(String body, Class<T> type, String example) {
        if (body == null || body.isBlank()) {
            return null;
        }
        try {
            return MAPPER.readValue(body, type);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw ProblemException.invalid("The body is not JSON such as " + example + ".",
                    List.of(new Problem.FieldError(null, "", "is not " + example.replace("\"", "'"))));
        }
    }

    private static UUID id(String reviewId) {
        return QueryParameters.uuid(reviewId, ReviewProblems.NO_REVIEW);
    }

    /** A reviewer (a worker), or a policy administrator who reassigns. */
    private Caller deciding() {
        Caller caller = callers.current();
        if (caller.workerId() == null && !caller.admin()) {
            throw ReviewProblems.forbidden("Your sign-in names no worker (no workerId claim): reviewers decide as workers.");
        }
        return caller;
    }

    private Caller workerOrReader() {
        Caller caller = callers.current();
        if (caller.workerId() == null && !caller.reader()) {
            throw ReviewProblems.forbidden("Your sign-in names no worker (no workerId claim) and your role reads no"
                    + " review.");
        }
        return caller;
    }
}
