package io.provisioning.ingest.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.provisioning.common.security.ApiRoles;
import io.provisioning.ingest.publisher.PublisherSources;
import io.provisioning.ingest.scim.OperationResult;
import io.provisioning.ingest.scim.Scim;
import io.provisioning.ingest.scim.ScimException;
import io.provisioning.ingest.scim.ScimOperation;
import io.provisioning.ingest.scim.ScimProvisioning;
import io.provisioning.ingest.scim.ScimRepresentation;
import io.provisioning.ingest.scim.ScimUserStore;
import io.provisioning.ingest.scim.StoredUser;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * SCIM 2.0 Users (RFC 7644 §3) for HR sources: each write is the HR event it means, on
 * {@code hr.events} before it is answered. The resource's id is the worker id.
 */
@Path(Scim.BASE_PATH + "/Users")
@Tag(name = "SCIM", description = "SCIM 2.0 (RFC 7643, RFC 7644) for HR sources that speak it, e.g. integrations"
        + " built for Microsoft Entra's API-driven inbound provisioning")
@RolesAllowed(ApiRoles.HR_PUBLISHER)
@Produces({Scim.MEDIA_TYPE, MediaType.APPLICATION_JSON})
public class ScimUsersResource {

    /** The filters HR clients send to find a worker: {@code externalId eq "..."}, {@code userName eq "..."}. */
    private static final Pattern EQUALS = Pattern.compile(
            "\\s*(id|externalId|userName)\\s+(?i:eq)\\s+\"((?:[^\"\\\\]|\\\\.)*)\"\\s*", Pattern.CASE_INSENSITIVE);
    static final int MAX_RESULTS = 1000;

    @Inject
    ScimProvisioning provisioning;

    @Inject
    ScimUserStore store;

    @Inject
    BodyLimits limits;

    @Inject
    PublisherSources publishers;

    @Inject
    SecurityIdentity identity;

    @Context
    UriInfo uri;

    @POST
    @Consumes({Scim.MEDIA_TYPE, MediaType.APPLICATION_JSON})
    @Operation(summary = "Create a worker's User", description = "Hires the worker (or records a leaver first seen"
            + " inactive); 409 uniqueness if the worker's User exists.")
    public Response create(InputStream body) throws IOException {
        return answer(write(new ScimOperation("POST", null, json(limits.eventBody(body)), null, false, null)));
    }

    @GET
    @Path("{id}")
    @Operation(summary = "Read a worker's User")
    public Response read(@PathParam("id") String id) {
        StoredUser user = store.find(id).orElseThrow(() -> ScimException.notFound(id));
        return Response.ok(ScimRepresentation.of(user, uri.getBaseUri())).tag(etag(user)).build();
    }

    @GET
    @Operation(summary = "Find Users", description = "filter: id, externalId or userName eq \"value\"; startIndex"
            + " (1-based) and count (at most 1000) page the rest.")
    public Response search(@QueryParam("filter") String filter, @QueryParam("startIndex") Integer startIndex,
                           @QueryParam("count") Integer count) {
        String attribute = null;
        String value = null;
        if (filter != null && !filter.isBlank()) {
            Matcher m = EQUALS.matcher(filter);
            if (!m.matches()) {
                throw new ScimException(400, "invalidFilter", "filter: '" + filter + "' is not supported; use id,"
                        + " externalId or userName eq \"value\"");
            }
            attribute = canonical(m.group(1));
            value = m.group(2).replace("\\\"", "\"").replace("\\\\", "\\");
        }
        int start = startIndex == null || startIndex < 1 ? 1 : startIndex;
        int size = count == null ? 100 : Math.max(0, Math.min(count, MAX_RESULTS));
        ScimUserStore.Page page = store.page(attribute, value, start - 1, size);
        return Response.ok(ScimRepresentation.list(page.users(), page.total(), start, uri.getBaseUri())).build();
    }

    @PUT
    @Path("{id}")
    @Consumes({Scim.MEDIA_TYPE, MediaType.APPLICATION_JSON})
    @Operation(summary = "Replace a worker's User", description = "An update, a termination (active false) or a"
            + " rehire (active true again), as the change means.")
    public Response replace(@PathParam("id") String id, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
                            InputStream body) throws IOException {
        return answer(write(new ScimOperation("PUT", id, json(limits.eventBody(body)), null, false, ifMatch)));
    }

    @PATCH
    @Path("{id}")
    @Consumes({Scim.MEDIA_TYPE, MediaType.APPLICATION_JSON})
    @Operation(summary = "Modify a worker's User (PatchOp add, replace, remove)")
    public Response modify(@PathParam("id") String id, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
                           InputStream body) throws IOException {
        return answer(write(new ScimOperation("PATCH", id, json(limits.eventBody(body)), null, false, ifMatch)));
    }

    @DELETE
    @Path("{id}")
    @Operation(summary = "Terminate a worker", description = "The worker leaves today; 405 when"
            + " provisioning.ingest.scim.delete=refuse.")
    public Response delete(@PathParam("id") String id, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch) {
        return answer(write(new ScimOperation("DELETE", id, null, null, false, ifMatch)));
    }

    private OperationResult write(ScimOperation operation) {
        List<OperationResult> results = provisioning.apply(List.of(operation), publishers.of(identity), 0);
        OperationResult result = results.get(0);
        if (result.error() != null) {
            throw result.error();
        }
        return result;
    }

    private Response answer(OperationResult result) {
        if (result.user() == null) {
            return Response.noContent().build();
        }
        Response.ResponseBuilder response = Response.status(result.status())
                .entity(ScimRepresentation.of(result.user(), uri.getBaseUri())).tag(etag(result.user()));
        if (result.status() == 201) {
            response.location(ScimRepresentation.location(uri.getBaseUri(), result.user().workerId()));
        }
        return response.build();
    }

    private static jakarta.ws.rs.core.EntityTag etag(StoredUser user) {
        return new jakarta.ws.rs.core.EntityTag(Long.toString(user.version()), true);
    }

    static JsonNode json(String body) {
        return json(new java.io.ByteArrayInputStream(body.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    /** The body as JSON; 400 invalidSyntax when it is not. */
    static JsonNode json(InputStream body) {
        try {
            JsonNode json = Scim.JSON.readTree(body);
            if (json == null || json.isMissingNode()) {
                throw ScimException.invalidSyntax("the body is empty");
            }
            return json;
        } catch (JsonProcessingException e) {
            throw ScimException.invalidSyntax("the body is not valid JSON"
                    + (e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr()));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("the request body could not be read", e);
        }
    }

    private static String canonical(String attribute) {
        for (String name : List.of("id", "externalId", "userName")) {
            if (name.equalsIgnoreCase(attribute)) {
                return name.equals("id") ? "externalId" : name;
            }
        }
        return attribute;
    }
}
