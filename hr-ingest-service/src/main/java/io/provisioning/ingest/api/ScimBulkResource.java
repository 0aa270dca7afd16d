package io.provisioning.ingest.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.provisioning.common.security.ApiRoles;
import io.provisioning.ingest.publisher.PublisherSources;
import io.provisioning.ingest.scim.OperationResult;
import io.provisioning.ingest.scim.Scim;
import io.provisioning.ingest.scim.ScimException;
import io.provisioning.ingest.scim.ScimOperation;
import io.provisioning.ingest.scim.ScimProvisioning;
import io.provisioning.ingest.scim.ScimRepresentation;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * {@code POST /scim/v2/Bulk} (RFC 7644 §3.7): up to {@code maxOperations} User operations in one
 * request, each answered with its own status once what it means is durable on {@code hr.events}.
 * A POST of an existing worker replaces it, as Microsoft Entra's inbound bulk uploads (which send
 * every record as a POST) expect.
 */
@Path(Scim.BASE_PATH + "/Bulk")
@Tag(name = "SCIM")
@RolesAllowed(ApiRoles.HR_PUBLISHER)
public class ScimBulkResource {

    private static final Pattern USER_PATH = Pattern.compile("/Users(?:/([^/]+))?");

    @Inject
    ScimProvisioning provisioning;

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
    @Produces({Scim.MEDIA_TYPE, MediaType.APPLICATION_JSON})
    @Operation(summary = "Run a bulk of User operations", description = "A BulkRequest of POST, PUT, PATCH and"
            + " DELETE operations on /Users, run in order; failOnErrors stops after that many failures. 413 beyond"
            + " maxOperations or maxPayloadSize (ServiceProviderConfig).")
    public ObjectNode bulk(InputStream body) throws IOException {
        JsonNode request = ScimUsersResource.json(limits.scimBulkBody(body));
        if (!(request instanceof ObjectNode document) || !lists(document.get("schemas"), Scim.BULK_REQUEST)) {
            throw ScimException.invalidSyntax("the body must be a BulkRequest (schemas: [\"" + Scim.BULK_REQUEST + "\"])");
        }
        JsonNode operations = document.get("Operations");
        if (operations == null || !operations.isArray()) {
            throw ScimException.invalidSyntax("Operations: an array of operations is required");
        }
        if (operations.size() > limits.scimMaxOperations()) {
            throw new ScimException(413, null, "The bulk holds " + operations.size() + " operations; maxOperations is "
                    + limits.scimMaxOperations() + " (provisioning.ingest.scim.bulk.max-operations); nothing was run");
        }
        JsonNode failOnErrors = document.get("failOnErrors");
        if (failOnErrors != null && !failOnErrors.isNull() && (!failOnErrors.canConvertToInt() || failOnErrors.asInt() < 1)) {
            throw ScimException.invalidValue("failOnErrors: must be a positive integer");
        }
        List<ScimOperation> parsed = new ArrayList<>();
        List<ScimException> refusals = new ArrayList<>();
        for (JsonNode operation : operations) {
            try {
                parsed.add(operation(operation));
                refusals.add(null);
            } catch (ScimException e) {
                parsed.add(new ScimOperation(operation.path("method").asText("").toUpperCase(Locale.ROOT), null, null,
                        text(operation.get("bulkId")), false, null));
                refusals.add(e);
            }
        }
        List<OperationResult> results = provisioning.apply(parsed, refusals, publishers.of(identity),
                failOnErrors == null || failOnErrors.isNull() ? 0 : failOnErrors.asInt());
        ObjectNode response = JsonNodeFactory.instance.objectNode();
        response.putArray("schemas").add(Scim.BULK_RESPONSE);
        ArrayNode answered = response.putArray("Operations");
        String users = ScimRepresentation.location(uri.getBaseUri(), "").toString();
        for (OperationResult result : results) {
            answered.add(answer(result, users));
        }
        return response;
    }

    private static ScimOperation operation(JsonNode operation) {
        if (!operation.isObject()) {
            throw ScimException.invalidSyntax("an operation must be an object");
        }
        String method = operation.path("method").asText("").toUpperCase(Locale.ROOT);
        String bulkId = text(operation.get("bulkId"));
        String path = operation.path("path").asText("");
        Matcher m = USER_PATH.matcher(path);
        if (!m.matches()) {
            throw new ScimException(400, "invalidPath", "path: '" + path + "' is not /Users or /Users/{id}");
        }
        String id = m.group(1);
        switch (method) {
            case "POST" -> {
                if (id != null) {
                    throw new ScimException(400, "invalidPath", "path: POST goes to /Users");
                }
                if (bulkId == null) {
                    throw ScimException.invalidValue("bulkId: required for POST");
                }
            }
            case "PUT", "PATCH", "DELETE" -> {
                if (id == null) {
                    throw new ScimException(400, "invalidPath", "path: " + method + " goes to /Users/{id}");
                }
            }
            default -> throw ScimException.invalidValue("method: '" + operation.path("method").asText()
                    + "' is not POST, PUT, PATCH or DELETE");
        }
        JsonNode data = operation.get("data");
        if (!method.equals("DELETE") && (data == null || !data.isObject())) {
            throw ScimException.invalidSyntax("data: required for " + method);
        }
        return new ScimOperation(method, id, data, bulkId, true, text(operation.get("version")));
    }

    private static ObjectNode answer(OperationResult result, String users) {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        ScimOperation operation = result.operation();
        json.put("method", operation.method());
        if (operation.bulkId() != null) {
            json.put("bulkId", operation.bulkId());
        }
        if (result.user() != null) {
            json.put("location", users + result.user().workerId());
            json.put("version", result.user().etag());
        } else if (result.error() == null && operation.id() != null) {
            json.put("location", users + operation.id());
        }
        json.put("status", Integer.toString(result.status()));
        if (result.error() != null) {
            json.set("response", result.error().toJson());
        }
        return json;
    }

    private static boolean lists(JsonNode schemas, String schema) {
        if (schemas != null && schemas.isArray()) {
            for (JsonNode s : schemas) {
                if (schema.equalsIgnoreCase(s.asText())) {
                    return true;
                }
            }
        }
        return false;
    }

    private static String text(JsonNode node) {
        return node == null || node.isNull() || node.asText().isBlank() ? null : node.asText();
    }
}
