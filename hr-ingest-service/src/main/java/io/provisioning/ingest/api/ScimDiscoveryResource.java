package io.provisioning.ingest.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.provisioning.common.security.ApiRoles;
import io.provisioning.ingest.scim.Scim;
import io.provisioning.ingest.scim.ScimException;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * SCIM discovery (RFC 7644 §4): what this service supports, its one resource type (User) and the
 * schemas of User: core, enterprise and our HR extension.
 */
@Path(Scim.BASE_PATH)
@Tag(name = "SCIM")
@RolesAllowed(ApiRoles.HR_PUBLISHER)
@Produces({Scim.MEDIA_TYPE, MediaType.APPLICATION_JSON})
public class ScimDiscoveryResource {

    private static final List<ObjectNode> SCHEMAS = readSchemas();

    @Inject
    BodyLimits limits;

    @Context
    UriInfo uri;

    @GET
    @Path("ServiceProviderConfig")
    @Operation(summary = "What this SCIM service supports")
    public ObjectNode serviceProviderConfig() {
        ObjectNode config = JsonNodeFactory.instance.objectNode();
        config.putArray("schemas").add("urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig");
        config.putObject("patch").put("supported", true);
        ObjectNode bulk = config.putObject("bulk");
        bulk.put("supported", true);
        bulk.put("maxOperations", limits.scimMaxOperations());
        bulk.put("maxPayloadSize", limits.scimMaxPayloadSize());
        ObjectNode filter = config.putObject("filter");
        filter.put("supported", true);
        filter.put("maxResults", ScimUsersResource.MAX_RESULTS);
        config.putObject("changePassword").put("supported", false);
        config.putObject("sort").put("supported", false);
        config.putObject("etag").put("supported", true);
        ObjectNode bearer = config.putArray("authenticationSchemes").addObject();
        bearer.put("type", "oauthbearertoken");
        bearer.put("name", "OAuth Bearer Token");
        bearer.put("description", "An OIDC access token for audience provisioning-api with the hr-publisher role");
        bearer.put("specUri", "https://www.rfc-editor.org/rfc/rfc6750");
        bearer.put("primary", true);
        config.set("meta", meta("ServiceProviderConfig", "ServiceProviderConfig"));
        return config;
    }

    @GET
    @Path("ResourceTypes")
    @Operation(summary = "The resource types: User")
    public ObjectNode resourceTypes() {
        return list(List.of(userType()));
    }

    @GET
    @Path("ResourceTypes/{name}")
    @Operation(summary = "One resource type")
    public ObjectNode resourceType(@PathParam("name") String name) {
        if (!name.equals("User")) {
            throw new ScimException(404, null, "No resource type " + name + "; this service serves User");
        }
        return userType();
    }

    @GET
    @Path("Schemas")
    @Operation(summary = "The schemas of User: core, enterprise and the HR extension")
    public ObjectNode schemas() {
        List<ObjectNode> schemas = new ArrayList<>();
        SCHEMAS.forEach(s -> schemas.add(located(s)));
        return list(schemas);
    }

    @GET
    @Path("Schemas/{id}")
    @Operation(summary = "One schema")
    public ObjectNode schema(@PathParam("id") String id) {
        return SCHEMAS.stream().filter(s -> s.get("id").asText().equals(id)).findFirst().map(this::located)
                .orElseThrow(() -> new ScimException(404, null, "No schema " + id));
    }

    private ObjectNode userType() {
        ObjectNode type = JsonNodeFactory.instance.objectNode();
        type.putArray("schemas").add("urn:ietf:params:scim:schemas:core:2.0:ResourceType");
        type.put("id", "User");
        type.put("name", "User");
        type.put("endpoint", "/Users");
        type.put("description", "A worker; each write is the HR event it means");
        type.put("schema", Scim.USER);
        ArrayNode extensions = type.putArray("schemaExtensions");
        extensions.addObject().put("schema", Scim.ENTERPRISE_USER).put("required", false);
        extensions.addObject().put("schema", Scim.WORKER).put("required", false);
        type.set("meta", meta("ResourceType", "ResourceTypes/User"));
        return type;
    }

    private ObjectNode located(ObjectNode schema) {
        ObjectNode copy = schema.deepCopy();
        copy.set("meta", meta("Schema", "Schemas/" + schema.get("id").asText()));
        return copy;
    }

    private ObjectNode meta(String resourceType, String path) {
        ObjectNode meta = JsonNodeFactory.instance.objectNode();
        meta.put("resourceType", resourceType);
        meta.put("location", uri.getBaseUri().resolve("scim/v2/").toString() + path);
        return meta;
    }

    private static ObjectNode list(List<ObjectNode> resources) {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        json.putArray("schemas").add(Scim.LIST_RESPONSE);
        json.put("totalResults", resources.size());
        json.put("startIndex", 1);
        json.put("itemsPerPage", resources.size());
        resources.forEach(json.putArray("Resources")::add);
        return json;
    }

    private static List<ObjectNode> readSchemas() {
        try (InputStream in = ScimDiscoveryResource.class.getResourceAsStream("/scim/schemas.json")) {
            List<ObjectNode> schemas = new ArrayList<>();
            for (JsonNode schema : Scim.JSON.readTree(in)) {
                schemas.add((ObjectNode) schema);
            }
            return List.copyOf(schemas);
        } catch (IOException e) {
            throw new UncheckedIOException("the SCIM schemas are part of the service", e);
        }
    }
}
