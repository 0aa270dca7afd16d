package io.provisioning.ingest.api;

import io.provisioning.common.problem.Problem;
import io.provisioning.common.problem.ProblemException;
import io.provisioning.common.security.ApiRoles;
import io.provisioning.contracts.validation.PayloadValidator;
import io.provisioning.ingest.publisher.Publisher;
import io.provisioning.ingest.publisher.PublisherSources;
import io.provisioning.ingest.snapshot.SnapshotParser;
import io.provisioning.ingest.snapshot.SnapshotService;
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
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Full workforce snapshots of a source, and the operator's decision on a held one. */
@Path("/api/v1/hr-snapshots")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "HR snapshots", description = "Whole workforces of a source, diffed into HR events; a snapshot that would"
        + " terminate too many workers is held until an operator decides")
public class SnapshotsResource {

    private static final Pattern SOURCE = Pattern.compile("[A-Za-z0-9._-]{1,64}");

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
    @Path("/{id}")
    @RolesAllowed({ApiRoles.HR_PUBLISHER, ApiRoles.OPERATOR})
    @Operation(summary = "Get a snapshot",
            description = "Returns a snapshot's status (PUBLISHING, APPLIED, HELD, REJECTED or SUPERSEDED), who sent"
                    + " and who decided it, and how many workers it hired, rehired, updated, terminated and left"
                    + " unchanged (roles hr-publisher, operator).")
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
                    + " operator). The decision is published on policy.changes with the operator's name. Only a HELD"
                    + " snapshot can be decided, so a second approval is refused rather than publishing again.")
    @APIResponse(responseCode = "200", description = "The snapshot, now APPLIED: its events are on hr.events",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = SnapshotView.class)))
    @APIResponse(responseCode = "404", description = "No snapshot has that id",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
    @APIResponse(responseCode = "409", description = "The snapshot is not HELD (it is PUBLISHING, APPLIED, REJECTED or"
            + " SUPERSEDED); nothing was changed",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
    public SnapshotView approve(
            @Parameter(description = "The snapshotId of the held snapshot (a UUID)") @PathParam("id") String id) {
        return snapshots.approve(uuid(id), identity.getPrincipal().getName());
    }

    @POST
    @Path("/{id}/reject")
    @RolesAllowed(ApiRoles.OPERATOR)
    @Operation(summary = "Reject a held snapshot",
            description = "Discards a HELD snapshot: none of its events is published, its counts stay (role operator)."
                    + " The decision is published on policy.changes with the operator's name. Only a HELD snapshot can"
                    + " be decided.")
    @APIResponse(responseCode = "200", description = "The snapshot, now REJECTED",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = SnapshotView.class)))
    @APIResponse(responseCode = "404", description = "No snapshot has that id",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
    @APIResponse(responseCode = "409", description = "The snapshot is not HELD (it is PUBLISHING, APPLIED, REJECTED or"
            + " SUPERSEDED); nothing was changed",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
    public SnapshotView reject(
            @Parameter(description = "The snapshotId of the held snapshot (a UUID)") @PathParam("id") String id) {
        return snapshots.reject(uuid(id), identity.getPrincipal().getName());
    }

    private static UUID uuid(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw ProblemException.notFound("No snapshot with that id");
        }
    }
}
