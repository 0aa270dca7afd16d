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

/** Full workforce snapshots of a source, and the operator's decision on a held one. */
@Path("/api/v1/hr-snapshots")
@Produces(MediaType.APPLICATION_JSON)
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
    public Response submit(@QueryParam("source") String source, @HeaderParam(HttpHeaders.CONTENT_TYPE) String type,
                           InputStream body) throws IOException {
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
    public SnapshotView get(@PathParam("id") String id) {
        return snapshots.require(uuid(id));
    }

    @POST
    @Path("/{id}/approve")
    @RolesAllowed(ApiRoles.OPERATOR)
    public SnapshotView approve(@PathParam("id") String id) {
        return snapshots.approve(uuid(id), identity.getPrincipal().getName());
    }

    @POST
    @Path("/{id}/reject")
    @RolesAllowed(ApiRoles.OPERATOR)
    public SnapshotView reject(@PathParam("id") String id) {
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
