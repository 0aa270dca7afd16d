package io.provisioning.ingest.api;

import io.provisioning.common.security.ApiRoles;
import io.provisioning.ingest.intake.BodyShape;
import io.provisioning.ingest.intake.HrEventIntake;
import io.provisioning.ingest.intake.IntakeResult;
import io.provisioning.ingest.publisher.PublisherSources;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;

/** {@code POST /api/v1/hr-events}: one CloudEvent or a batch, answered once durably in Kafka. */
@Path("/api/v1/hr-events")
public class HrEventsResource {

    @Inject
    HrEventIntake intake;

    @Inject
    BodyLimits limits;

    @Inject
    PublisherSources publishers;

    @Inject
    SecurityIdentity identity;

    @POST
    @RolesAllowed(ApiRoles.HR_PUBLISHER)
    @Consumes({MediaType.APPLICATION_JSON, BodyShape.CLOUDEVENT, BodyShape.CLOUDEVENT_BATCH})
    @Produces(MediaType.APPLICATION_JSON)
    public Response publish(@HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType, InputStream body)
            throws IOException {
        IntakeResult result = intake.accept(limits.eventBody(body), BodyShape.of(contentType),
                publishers.of(identity));
        return Response.accepted(result).build();
    }
}
