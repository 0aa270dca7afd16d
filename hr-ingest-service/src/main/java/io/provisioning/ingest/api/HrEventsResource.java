package io.provisioning.ingest.api;

import io.provisioning.common.problem.Problem;
import io.provisioning.common.security.ApiRoles;
import io.provisioning.ingest.intake.BinaryCloudEvent;
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
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** {@code POST /api/v1/hr-events}: one CloudEvent or a batch, answered once durably in Kafka. */
@Path("/api/v1/hr-events")
@Tag(name = "HR events", description = "Joiner, mover and leaver events (CloudEvents 1.0) published by HR systems")
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
    @Operation(summary = "Publish HR events",
            description = "Takes one CloudEvent or a batch of up to 1 000 (role hr-publisher), all or nothing: one"
                    + " invalid event and nothing is published. Answers once the events are durable in Kafka; an event"
                    + " whose id was seen before (earlier in the batch or in an earlier request) is listed under"
                    + " duplicates and not published again, so the same request can safely be sent again. An event of"
                    + " a source the client is not granted, or about a worker of another source, is refused with 403"
                    + " source-not-allowed. Binary content mode is accepted too: the attributes in ce- headers"
                    + " (ce-specversion, ce-id, ce-source, ce-type, ce-subject, ce-time; percent-encoded where the"
                    + " HTTP binding says), the body being the event's JSON data.")
    @APIResponse(responseCode = "202",
            description = "Durable in Kafka: the ids published by this request, and the ids not published again",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = IntakeResult.class)))
    @APIResponse(responseCode = "413",
            description = "The body is over 4 MB (provisioning.ingest.max-event-body-size) or the batch holds more"
                    + " than 1 000 events (provisioning.ingest.max-batch-size); nothing was published",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
    public Response publish(@HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType, @Context HttpHeaders headers,
                            InputStream body) throws IOException {
        String text = limits.eventBody(body);
        Map<String, String> binary = BinaryCloudEvent.fromHttpHeaders(headers.getRequestHeaders());
        IntakeResult result = binary.containsKey("specversion")
                ? intake.accept(BinaryCloudEvent.structured(binary, contentType, text), BodyShape.SINGLE,
                        publishers.of(identity))
                : intake.accept(text, BodyShape.of(contentType), publishers.of(identity));
        return Response.accepted(result).build();
    }
}
