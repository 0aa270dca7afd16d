package io.provisioning.policy.api;

import io.provisioning.common.problem.Problem;
import io.provisioning.common.problem.ProblemException;
import io.provisioning.common.problem.QueryParameters;
import io.provisioning.policy.requests.AccessRequestView;
import io.provisioning.policy.requests.AccessRequests;
import io.provisioning.policy.requests.Caller;
import io.provisioning.policy.requests.NewAccessRequest;
import io.provisioning.policy.requests.RequestProblems;
import io.provisioning.policy.requests.RequestQueries;
import io.provisioning.policy.requests.RequestState;
import io.provisioning.policy.requests.RequestTerms;
import io.provisioning.policy.store.PolicyStore;
import io.quarkus.security.Authenticated;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Access beyond birthright: a signed-in worker asks for a requestable group (for themselves, or a
 * manager for a report), the approvers decide stage by stage, and the grant lasts until its end.
 * The caller's worker is the token's {@code workerId} claim.
 */
@Path("/api/v1/access-requests")
@Produces(MediaType.APPLICATION_JSON)
@Authenticated
@Tag(name = "Access requests", description = "Requestable groups asked for, approved stage by stage, granted for a"
        + " limited time and taken back on time")
public class AccessRequestsResource {

    private static final com.fasterxml.jackson.databind.ObjectMapper MAPPER = io.provisioning.contracts.Json.mapper()
            .copy().configure(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    private static final int DEFAULT_SIZE = 100;
    private static final int MAX_SIZE = 500;

    @Inject
    AccessRequests requests;

    @Inject
    RequestQueries queries;

    @Inject
    PolicyStore policies;

    @Inject
    Callers callers;

    @Inject
    Clock clock;

    /** A decision's words. */
    public record Decision(String comment) {
    }

    public record RequestPage(List<AccessRequestView> items, int page, int size) {
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Ask for access",
            description = "Asks for a group the policy makes requestable, for the caller's own worker or, as one of"
                    + " their managers, for a report, for a limited time (end, or a duration of at most the group's"
                    + " maxDuration). The first stage's approver is found at once (manager: HR's manager, else the"
                    + " manager's manager, else the fallback approver; owner: the policy's) and the request waits for"
                    + " them. Any signed-in worker (the token's workerId claim).")
    @APIResponse(responseCode = "201", description = "The request, PENDING at stage 1 (or EXPIRED if nobody can decide it)",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = AccessRequestView.class)))
    @APIResponse(responseCode = "400", description = "A field is missing or wrong: each is named with why",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
    @APIResponse(responseCode = "403", description = "The sign-in names no worker, or the caller is neither the worker"
            + " nor one of their managers",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
    @APIResponse(responseCode = "409", description = "The worker left, holds the group by birthright, or has an open"
            + " request for it",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
    public Response create(NewAccessRequest body) {
        Caller caller = worker();
        RequestTerms terms = RequestTerms.of(body, caller, policies.active().document(), clock.instant());
        AccessRequestView created = queries.get(caller, requests.create(caller, terms).requestId);
        return Response.status(Response.Status.CREATED).entity(created).build();
    }

    @GET
    @Operation(summary = "List access requests",
            description = "Lists requests, newest first. A worker sees those for them, made by them, waiting for them"
                    + " or decided by them, and those of the workers they manage; auditors, operators and policy"
                    + " administrators see every one. approver=me: those whose current stage waits for the caller.")
    @APIResponse(responseCode = "200", description = "A page of requests",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = RequestPage.class)))
    @APIResponse(responseCode = "400", description = "A query parameter is wrong",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
    public RequestPage list(
            @Parameter(description = "Only requests for this worker") @QueryParam("beneficiary") String beneficiary,
            @Parameter(description = "me: only PENDING requests whose current stage waits for the caller; a worker"
                    + " id (auditors, operators, policy administrators)") @QueryParam("approver") String approver,
            @Parameter(description = "Only requests in this state: PENDING, APPROVED, ACTIVE, DENIED, EXPIRED,"
                    + " CANCELLED or ENDED") @QueryParam("state") String state,
            @Parameter(description = "0-based page number; default 0") @QueryParam("page") String page,
            @Parameter(description = "Requests per page, 1-500; default 100") @QueryParam("size") String size) {
        Caller caller = workerOrReader();
        QueryParameters parameters = new QueryParameters();
        String wantedState = QueryParameters.given(state);
        if (wantedState != null && Arrays.stream(RequestState.values()).noneMatch(s -> s.name().equals(wantedState))) {
            parameters.wrong("state", "must be one of " + Arrays.toString(RequestState.values()));
        }
        String wantedApprover = QueryParameters.given(approver);
        if (wantedApprover != null && !wantedApprover.equals("me") && !caller.reader()) {
            parameters.wrong("approver", "must be me: only auditors, operators and policy administrators name another");
        }
        if ("me".equals(wantedApprover) && caller.workerId() == null) {
            parameters.wrong("approver", "cannot be me: your sign-in names no worker");
        }
        QueryParameters.Page p = parameters.page(page, size, DEFAULT_SIZE, MAX_SIZE);
        parameters.check();
        return new RequestPage(queries.list(caller, QueryParameters.given(beneficiary), wantedApprover, wantedState, p),
                p.number(), p.size());
    }

    /**
     * A group a worker may ask for.
     *
     * @param approvers the stages, in order
     */
    public record Requestable(String targetId, String group, List<String> approvers, String maxDuration,
                              String decisionTimeout, boolean keepOnMove) {
    }

    @GET
    @Path("/requestable")
    @Operation(summary = "List what may be asked for",
            description = "The groups the active policy makes requestable, by target then group, with their approval"
                    + " stages, longest grant, decision timeout and whether a move keeps them (any signed-in worker).")
    @APIResponse(responseCode = "200", description = "The requestable groups",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = Requestable.class, type = org.eclipse.microprofile.openapi.annotations.enums.SchemaType.ARRAY)))
    public List<Requestable> requestable() {
        workerOrReader();
        List<Requestable> requestable = new java.util.ArrayList<>();
        new java.util.TreeMap<>(policies.active().document().targets()).forEach((targetId, target) ->
                new java.util.TreeMap<>(target.requestable()).forEach((group, settings) -> requestable.add(new Requestable(
                        targetId, group, settings.approvers(), settings.maxDuration(),
                        settings.decisionTimeout() == null ? "P3D" : settings.decisionTimeout(), settings.keepOnMove()))));
        return requestable;
    }

    @GET
    @Path("/{requestId}")
    @Operation(summary = "Get an access request",
            description = "Returns a request with every step: asked, routed (to whom, and how they were found),"
                    + " approved or denied (by whom, with their words), expired, cancelled, granted, ended (and why).")
    @APIResponse(responseCode = "200", description = "The request and its steps",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = AccessRequestView.class)))
    @APIResponse(responseCode = "404", description = "No request with that id is visible to the caller",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
    public AccessRequestView get(@Parameter(description = "The request's id (a UUID)") @PathParam("requestId")
                                 String requestId) {
        return queries.get(workerOrReader(), QueryParameters.uuid(requestId, RequestProblems.NO_REQUEST));
    }

    @POST
    @Path("/{requestId}/approve")
    @Operation(summary = "Approve the current stage",
            description = "The current stage's approver approves: the next stage starts, or the request is APPROVED"
                    + " and granted at its start (ACTIVE). Nobody approves a request they made or that is for them.")
    @APIResponse(responseCode = "200", description = "The request after the decision",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = AccessRequestView.class)))
    @APIResponse(responseCode = "403", description = "The caller made the request, it is for them, or the stage waits"
            + " for someone else", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
    @APIResponse(responseCode = "404", description = "No request with that id is visible to the caller",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
    @APIResponse(responseCode = "409", description = "The request is not PENDING",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
    @Consumes(MediaType.WILDCARD)
    public AccessRequestView approve(@Parameter(description = "The request's id (a UUID)") @PathParam("requestId") String requestId,
            @RequestBody(required = false, description = "Optional: {\"comment\": \"...\"}, up to 2000 characters",
                    content = @Content(mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = Decision.class))) String body) {
        return act(worker(), requestId, body, requests::approve);
    }

    @POST
    @Path("/{requestId}/deny")
    @Operation(summary = "Deny the current stage",
            description = "The current stage's approver denies: the request is DENIED and nothing is granted.")
    @APIResponse(responseCode = "200", description = "The request, DENIED",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = AccessRequestView.class)))
    @APIResponse(responseCode = "403", description = "The caller made the request, it is for them, or the stage waits"
            + " for someone else", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
    @APIResponse(responseCode = "404", description = "No request with that id is visible to the caller",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
    @APIResponse(responseCode = "409", description = "The request is not PENDING",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
    @Consumes(MediaType.WILDCARD)
    public AccessRequestView deny(@Parameter(description = "The request's id (a UUID)") @PathParam("requestId") String requestId,
            @RequestBody(required = false, description = "Optional: {\"comment\": \"...\"}, up to 2000 characters",
                    content = @Content(mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = Decision.class))) String body) {
        return act(worker(), requestId, body, requests::deny);
    }

    @POST
    @Path("/{requestId}/cancel")
    @Operation(summary = "Cancel a request",
            description = "Who asked, or the worker it is for, withdraws a request not granted yet (PENDING or"
                    + " APPROVED): CANCELLED.")
    @APIResponse(responseCode = "200", description = "The request, CANCELLED",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = AccessRequestView.class)))
    @APIResponse(responseCode = "403", description = "The caller neither asked nor is the worker it is for",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
    @APIResponse(responseCode = "404", description = "No request with that id is visible to the caller",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
    @APIResponse(responseCode = "409", description = "The request is granted (revoke it) or closed",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
    @Consumes(MediaType.WILDCARD)
    public AccessRequestView cancel(@Parameter(description = "The request's id (a UUID)") @PathParam("requestId") String requestId,
            @RequestBody(required = false, description = "Optional: {\"comment\": \"...\"}, up to 2000 characters",
                    content = @Content(mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = Decision.class))) String body) {
        return act(worker(), requestId, body, requests::cancel);
    }

    @POST
    @Path("/{requestId}/revoke")
    @Operation(summary = "Revoke a grant",
            description = "Ends an APPROVED or ACTIVE request before its end: the group leaves the worker's desired"
                    + " state and the targets at once (ENDED). By the worker it is for, a worker who approved it, one"
                    + " of the worker's managers, or a policy administrator.")
    @APIResponse(responseCode = "200", description = "The request, ENDED",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = AccessRequestView.class)))
    @APIResponse(responseCode = "403", description = "The caller may not revoke it",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
    @APIResponse(responseCode = "404", description = "No request with that id is visible to the caller",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
    @APIResponse(responseCode = "409", description = "The request is PENDING (deny or cancel it) or closed",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
    @Consumes(MediaType.WILDCARD)
    public AccessRequestView revoke(@Parameter(description = "The request's id (a UUID)") @PathParam("requestId") String requestId,
            @RequestBody(required = false, description = "Optional: {\"comment\": \"...\"}, up to 2000 characters",
                    content = @Content(mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = Decision.class))) String body) {
        Caller caller = caller();
        if (caller.workerId() == null && !caller.admin()) {
            throw noWorker();
        }
        return act(caller, requestId, body, requests::revoke);
    }

    /** What a caller does to a request, with their comment. */
    private interface Action {
        void apply(Caller caller, UUID requestId, String comment);
    }

    /** Applies the caller's action and shows them the request as it is after it. */
    private AccessRequestView act(Caller caller, String requestId, String body, Action action) {
        String comment = comment(decision(body));
        UUID id = id(requestId);
        action.apply(caller, id, comment);
        return queries.get(caller.asParty(), id);
    }

    /**
     * A decision on a request the caller is not part of is refused as such (403 naming whom the stage
     * waits for), not hidden: request ids are random, and the refusal tells an approver who acted too
     * early or on the wrong stage what to do.
     */
    private static UUID id(String requestId) {
        return QueryParameters.uuid(requestId, RequestProblems.NO_REQUEST);
    }

    /** The optional body: none, or {"comment": "..."}. */
    private static Decision decision(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        try {
            return MAPPER.readValue(body, Decision.class);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw ProblemException.invalid("The body is not a JSON object such as {\"comment\": \"...\"}.",
                    List.of(new Problem.FieldError(null, "", "is not a JSON object with an optional comment")));
        }
    }

    private static String comment(Decision decision) {
        String comment = decision == null || decision.comment() == null ? null : decision.comment().strip();
        if (comment != null && comment.length() > 2000) {
            throw ProblemException.invalid("The comment is too long.",
                    List.of(new Problem.FieldError(null, "/comment", "is longer than 2000 characters")));
        }
        return comment == null || comment.isEmpty() ? null : comment;
    }

    /** The caller, who must be a worker or read every request (auditor, operator, policy administrator). */
    private Caller workerOrReader() {
        Caller caller = caller();
        if (caller.workerId() == null && !caller.reader()) {
            throw noWorker();
        }
        return caller;
    }

    /** The caller, who must be a worker. */
    private Caller worker() {
        Caller caller = caller();
        if (caller.workerId() == null) {
            throw noWorker();
        }
        return caller;
    }

    private static ProblemException noWorker() {
        return RequestProblems.forbidden("Your sign-in names no worker (no workerId claim): only workers ask for and"
                + " decide on access.");
    }

    private Caller caller() {
        return callers.current();
    }
}
