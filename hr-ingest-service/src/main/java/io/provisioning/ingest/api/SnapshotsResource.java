package io.provisioning.ingest.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.provisioning.common.problem.Problem;
import io.provisioning.common.problem.ProblemException;
import io.provisioning.common.problem.QueryParameters;
import io.provisioning.common.security.ApiRoles;
import io.provisioning.contracts.Json;
import io.provisioning.contracts.hr.HrEventType;
import io.provisioning.contracts.validation.PayloadValidator;
import io.provisioning.ingest.publisher.Publisher;
import io.provisioning.ingest.publisher.PublisherSources;
import io.provisioning.ingest.snapshot.SnapshotEvent;
import io.provisioning.ingest.snapshot.SnapshotParser;
import io.provisioning.ingest.snapshot.SnapshotService;
import io.provisioning.ingest.snapshot.SnapshotStatus;
import io.provisioning.ingest.snapshot.SnapshotStore;
import io.provisioning.ingest.snapshot.SnapshotView;
import io.quarkus.security.identity.SecurityIdentity;
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
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Full workforce snapshots of a source, and the operator's decision on a held one. */
@Path("/api/v1/hr-snapshots")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "HR snapshots", description = "Whole workforces of a source, diffed into HR events; a snapshot that would"
        + " terminate too many workers is held until an operator decides")
public class SnapshotsResource {

    private static final Pattern SOURCE = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    static final int DEFAULT_SIZE = 50;
    static final int MAX_SIZE = 500;
    static final int MAX_COMMENT = 1000;
    private static final ObjectMapper MAPPER = Json.mapper();
    private static final String STATUSES = Arrays.toString(SnapshotStatus.values());
    /** The events a snapshot makes, by CloudEvent type and by its last part ({@code terminated}). */
    private static final Map<String, HrEventType> EVENT_TYPES = new LinkedHashMap<>();

    static {
        for (HrEventType type : List.of(HrEventType.HIRED, HrEventType.REHIRED, HrEventType.UPDATED,
                HrEventType.TERMINATED)) {
            EVENT_TYPES.put(type.wireName().substring(type.wireName().lastIndexOf('.') + 1), type);
            EVENT_TYPES.put(type.wireName(), type);
        }
    }

    /** A page of snapshots, newest first, and how many match in all. */
    public record SnapshotPage(List<SnapshotView> items, int page, int size, long total) {
    }

    /** A page of a snapshot's events in order, and how many match in all. */
    public record SnapshotEventPage(List<SnapshotEvent> items, int page, int size, long total) {
    }

    /** The optional body of an approval or a rejection. */
    @Schema(description = "Optional; no body, an empty one or one without comment decides without a comment")
    public record Decision(@Schema(description = "Why, at most 1000 characters; shown as the snapshot's"
            + " decisionComment and published with the decision on policy.changes", maxLength = MAX_COMMENT)
                           String comment) {
    }

    @Inject
    SnapshotService snapshots;

    @Inject
    SecurityIdentity identity;

    @Inject
    PublisherSources publishers;

    @Inject
    BodyLimits limits;

    @POST
    @RolesAllowed(ApiRoles.HR_PUBLISHER)
    @Consumes({"text/csv", MediaType.APPLICATION_JSON})
    @Operation(summary = "Submit a workforce snapshot",
            description = "Takes the whole workforce of a source, CSV with a header of worker record fields or a JSON"
                    + " array of worker records (role hr-publisher; the client must be granted source"
                    + " urn:hr-snapshot:<source>, else 403 source-not-allowed), and diffs it against the source's"
                    + " workers into hired, rehired, updated and terminated events, all or nothing: one invalid row"
                    + " and nothing is applied. When it would terminate more than the threshold share of the previous"
                    + " workforce (provisioning.ingest.snapshot.termination-threshold, default 10 %) it is HELD and"
                    + " nothing is published until an operator decides; a newer snapshot of the source supersedes a"
                    + " held one.")
    @APIResponse(responseCode = "202",
            description = "The snapshot with its counts: APPLIED (its events are on hr.events) or HELD for an operator",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = SnapshotView.class)))
    @APIResponse(responseCode = "413",
            description = "The snapshot is over 512 MB (provisioning.ingest.snapshot.max-size); nothing was applied",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
    public Response submit(
            @Parameter(description = "The HR source whose whole workforce this is: 1-64 of [A-Za-z0-9._-]; its events"
                    + " are published as source urn:hr-snapshot:<source>") @QueryParam("source") String source,
            @HeaderParam(HttpHeaders.CONTENT_TYPE) String type, InputStream body) throws IOException {
        if (source == null || !SOURCE.matcher(source).matches()) {
            throw ProblemException.invalid("The source parameter is required", List.of(
                    new Problem.FieldError(null, "/source", "required; 1-64 of [A-Za-z0-9._-]")));
        }
        Publisher publisher = publishers.of(identity);
        String eventSource = PayloadValidator.SNAPSHOT_SOURCE_PREFIX + source;
        if (!publisher.mayPublish(eventSource)) {
            throw publisher.notAllowed("This publisher may not send snapshots of source " + source, List.of(
                    new Problem.FieldError(null, "/source", "this publisher may not publish for " + eventSource)));
        }
        boolean csv = type != null && type.toLowerCase(java.util.Locale.ROOT).startsWith("text/csv");
        InputStream limited = limits.snapshotBody(body);
        SnapshotView snapshot = snapshots.submit(source,
                sink -> csv ? SnapshotParser.csv(limited, sink) : SnapshotParser.json(limited, sink), csv, publisher,
                identity.getPrincipal().getName());
        return Response.accepted(snapshot).build();
    }

    @GET
    @RolesAllowed({ApiRoles.HR_PUBLISHER, ApiRoles.OPERATOR})
    @Operation(summary = "List snapshots",
            description = "Lists snapshots newest first (by receivedAt), a page at a time, optionally only those of"
                    + " one status or one source, with how many match in all (roles hr-publisher, operator).")
    @APIResponse(responseCode = "200", description = "A page of snapshots, newest first, and the total that match",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = SnapshotPage.class)))
    public SnapshotPage list(
            @Parameter(description = "Only snapshots of this status: PUBLISHING, APPLIED, HELD, REJECTED or SUPERSEDED"
                    + " (any case); every snapshot when absent") @QueryParam("status") String status,
            @Parameter(description = "Only snapshots of exactly this source; every source when absent")
            @QueryParam("source") String source,
            @Parameter(description = "0-based page number; default 0",
                    schema = @Schema(type = SchemaType.INTEGER, minimum = "0", defaultValue = "0"))
            @QueryParam("page") String page,
            @Parameter(description = "Snapshots per page, 1-" + MAX_SIZE + "; default " + DEFAULT_SIZE,
                    schema = @Schema(type = SchemaType.INTEGER, minimum = "1", maximum = "500", defaultValue = "50"))
            @QueryParam("size") String size) {
        QueryParameters parameters = new QueryParameters();
        SnapshotStatus wanted = null;
        if (QueryParameters.given(status) != null) {
            try {
                wanted = SnapshotStatus.valueOf(status.strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                parameters.wrong("status", "must be one of " + STATUSES);
            }
        }
        QueryParameters.Page p = parameters.page(page, size, DEFAULT_SIZE, MAX_SIZE);
        parameters.check();
        SnapshotStore.Slice<SnapshotView> slice = snapshots.list(wanted, QueryParameters.given(source), p.number(),
                p.size());
        return new SnapshotPage(slice.items(), p.number(), p.size(), slice.total());
    }

    @GET
    @Path("/{id}/events")
    @RolesAllowed({ApiRoles.HR_PUBLISHER, ApiRoles.OPERATOR})
    @Operation(summary = "List a snapshot's events",
            description = "Lists whom a snapshot hires, rehires, updates and terminates, in the order its events are"
                    + " (or would be) published, a page at a time, with how many match in all (roles hr-publisher,"
                    + " operator): for a HELD snapshot, who an approval would terminate. A REJECTED or SUPERSEDED"
                    + " snapshot has no events left.")
    @APIResponse(responseCode = "200", description = "A page of the snapshot's events, in order, and the total that"
            + " match", content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = SnapshotEventPage.class)))
    @APIResponse(responseCode = "404", description = "No snapshot has that id",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
    public SnapshotEventPage events(
            @Parameter(description = "The snapshotId the submission answered with (a UUID)")
            @PathParam("id") String id,
            @Parameter(description = "Only events of this type: hired, rehired, updated or terminated, or the full"
                    + " CloudEvent type (hr.worker.terminated); every event when absent") @QueryParam("type")
            String type,
            @Parameter(description = "0-based page number; default 0",
                    schema = @Schema(type = SchemaType.INTEGER, minimum = "0", defaultValue = "0"))
            @QueryParam("page") String page,
            @Parameter(description = "Events per page, 1-" + MAX_SIZE + "; default " + DEFAULT_SIZE,
                    schema = @Schema(type = SchemaType.INTEGER, minimum = "1", maximum = "500", defaultValue = "50"))
            @QueryParam("size") String size) {
        QueryParameters parameters = new QueryParameters();
        HrEventType wanted = null;
        if (QueryParameters.given(type) != null) {
            wanted = EVENT_TYPES.get(type.strip().toLowerCase(Locale.ROOT));
            if (wanted == null) {
                parameters.wrong("type", "must be one of " + String.join(", ", EVENT_TYPES.keySet()));
            }
        }
        QueryParameters.Page p = parameters.page(page, size, DEFAULT_SIZE, MAX_SIZE);
        parameters.check();
        SnapshotStore.Slice<SnapshotEvent> slice = snapshots.events(uuid(id), wanted, p.number(), p.size());
        return new SnapshotEventPage(slice.items(), p.number(), p.size(), slice.total());
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({ApiRoles.HR_PUBLISHER, ApiRoles.OPERATOR})
    @Operation(summary = "Get a snapshot",
            description = "Returns a snapshot's status (PUBLISHING, APPLIED, HELD, REJECTED or SUPERSEDED), who sent"
                    + " and who decided it and the decision's comment, and how many workers it hired, rehired,"
                    + " updated, terminated and left unchanged (roles hr-publisher, operator).")
    @APIResponse(responseCode = "200", description = "The snapshot",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = SnapshotView.class)))
    @APIResponse(responseCode = "404", description = "No snapshot has that id",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
    public SnapshotView get(
            @Parameter(description = "The snapshotId the submission answered with (a UUID)")
            @PathParam("id") String id) {
        return snapshots.require(uuid(id));
    }

    @POST
    @Path("/{id}/approve")
    @RolesAllowed(ApiRoles.OPERATOR)
    @Operation(summary = "Approve a held snapshot",
            description = "Publishes the events of a HELD snapshot and makes it the source's current state (role"
                    + " operator). The decision is published on policy.changes with the operator's name and the"
                    + " optional comment of the body, which the snapshot keeps as decisionComment. Only a HELD"
                    + " snapshot can be decided, so a second approval is refused rather than publishing again.")
    @APIResponse(responseCode = "200", description = "The snapshot, now APPLIED: its events are on hr.events",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = SnapshotView.class)))
    @APIResponse(responseCode = "404", description = "No snapshot has that id",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
    @APIResponse(responseCode = "409", description = "The snapshot is not HELD (it is PUBLISHING, APPLIED, REJECTED or"
            + " SUPERSEDED); nothing was changed",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
    @APIResponse(responseCode = "400", description = "The body is not a JSON object, or its comment is not a string"
            + " of at most 1000 characters; nothing was changed",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
    @APIResponse(responseCode = "413", description = "The body is over 64 KB; nothing was changed",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
    public SnapshotView approve(
            @Parameter(description = "The snapshotId of the held snapshot (a UUID)") @PathParam("id") String id,
            @RequestBody(required = false, description = "Optional: why, as {\"comment\": \"...\"}",
                    content = @Content(mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = Decision.class))) InputStream body) throws IOException {
        String comment = comment(limits.decisionBody(body));
        return snapshots.approve(uuid(id), identity.getPrincipal().getName(), comment);
    }

    @POST
    @Path("/{id}/reject")
    @RolesAllowed(ApiRoles.OPERATOR)
    @Operation(summary = "Reject a held snapshot",
            description = "Discards a HELD snapshot: none of its events is published, its counts stay (role operator)."
                    + " The decision is published on policy.changes with the operator's name and the optional comment"
                    + " of the body, which the snapshot keeps as decisionComment. Only a HELD snapshot can be"
                    + " decided.")
    @APIResponse(responseCode = "200", description = "The snapshot, now REJECTED",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = SnapshotView.class)))
    @APIResponse(responseCode = "404", description = "No snapshot has that id",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
    @APIResponse(responseCode = "409", description = "The snapshot is not HELD (it is PUBLISHING, APPLIED, REJECTED or"
            + " SUPERSEDED); nothing was changed",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
    @APIResponse(responseCode = "400", description = "The body is not a JSON object, or its comment is not a string"
            + " of at most 1000 characters; nothing was changed",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
    @APIResponse(responseCode = "413", description = "The body is over 64 KB; nothing was changed",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
    public SnapshotView reject(
            @Parameter(description = "The snapshotId of the held snapshot (a UUID)") @PathParam("id") String id,
            @RequestBody(required = false, description = "Optional: why, as {\"comment\": \"...\"}",
                    content = @Content(mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = Decision.class))) InputStream body) throws IOException {
        String comment = comment(limits.decisionBody(body));
        return snapshots.reject(uuid(id), identity.getPrincipal().getName(), comment);
    }

    /**
     * The comment of an approval or a rejection: null for no body, an empty one, JSON null, or no
     * or a blank comment.
     *
     * @throws ProblemException 400 for a body that is not a JSON object or a comment that is not a
     *                          string of at most {@value #MAX_COMMENT} characters
     */
    static String comment(String body) {
        if (body.isBlank()) {
            return null;
        }
        JsonNode root;
        try {
            root = MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            throw new ProblemException(Problem.of("malformed-json", "Malformed JSON", 400, "The body is not valid JSON")
                    .withErrors(List.of(new Problem.FieldError(null, "", "not valid JSON"))));
        }
        if (root == null || root.isMissingNode() || root.isNull()) {
            return null;
        }
        if (!root.isObject()) {
            throw ProblemException.invalid("The body must be a JSON object", List.of(
                    new Problem.FieldError(null, "", "must be a JSON object like {\"comment\": \"...\"}")));
        }
        JsonNode comment = root.path("comment");
        if (comment.isMissingNode() || comment.isNull()) {
            return null;
        }
        String text = comment.isTextual() ? comment.textValue() : null;
        if (text == null || text.codePointCount(0, text.length()) > MAX_COMMENT) {
            throw ProblemException.invalid("The comment is invalid; nothing was changed", List.of(
                    new Problem.FieldError(null, "/comment", "must be a string of at most " + MAX_COMMENT
                            + " characters")));
        }
        return text.isBlank() ? null : text;
    }

    private static UUID uuid(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw ProblemException.notFound("No snapshot with that id");
        }
    }
}
