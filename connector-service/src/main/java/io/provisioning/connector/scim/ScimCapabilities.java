package io.provisioning.connector.scim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.provisioning.connector.spi.ConnectorException;
import java.util.Optional;

/**
 * What a SCIM service provider says it supports. {@code /ServiceProviderConfig} tells PATCH and
 * ETag; {@code /ResourceTypes} tells whether Users carry the enterprise extension and whether the
 * server has Groups at all; {@code /Schemas} is asked when a server lists no resource types. A
 * server that answers neither is assumed to have the core schemas only, with Groups.
 */
record ScimCapabilities(boolean patch, boolean etag, boolean enterprise, boolean groups) {

    static ScimCapabilities discover(ScimHttp http) {
        JsonNode config = http.get("/ServiceProviderConfig").body();
        boolean patch = config.path("patch").path("supported").asBoolean(false);
        boolean etag = config.path("etag").path("supported").asBoolean(false);
        Optional<JsonNode> resourceTypes = optional(http, "/ResourceTypes")
                .filter(list -> !list.path("Resources").isEmpty());
        if (resourceTypes.isPresent()) {
            boolean enterprise = false;
            boolean groups = false;
            for (JsonNode type : resourceTypes.get().path("Resources")) {
                String schema = type.path("schema").asText();
                if (schema.equalsIgnoreCase(ScimUsers.USER_SCHEMA)) {
                    for (JsonNode extension : type.path("schemaExtensions")) {
                        enterprise |= extension.path("schema").asText().equalsIgnoreCase(ScimUsers.ENTERPRISE);
                    }
                }
                groups |= schema.equalsIgnoreCase(ScimUsers.GROUP_SCHEMA);
            }
            return new ScimCapabilities(patch, etag, enterprise, groups);
        }
        boolean enterprise = false;
        for (JsonNode schema : optional(http, "/Schemas").map(list -> list.path("Resources")).orElse(MissingNode.getInstance())) {
            enterprise |= schema.path("id").asText().equalsIgnoreCase(ScimUsers.ENTERPRISE);
        }
        return new ScimCapabilities(patch, etag, enterprise, true);
    }

    /** A discovery endpoint the server may not have: a refusal (other than being busy or down) is an absence. */
    private static Optional<JsonNode> optional(ScimHttp http, String path) {
        try {
            return Optional.ofNullable(http.get(path).body());
        } catch (ConnectorException e) {
            if (e.isRetryable()) {
                throw e;
            }
            return Optional.empty();
        }
    }
}
