package io.provisioning.connector.scim;

import com.fasterxml.jackson.databind.JsonNode;
import io.provisioning.connector.spi.ConnectorException;

/**
 * What a SCIM service provider says it supports, read from {@code /ServiceProviderConfig} and
 * {@code /Schemas} (a server that does not list its schemas is assumed to have only the core ones).
 */
record ScimCapabilities(boolean patch, boolean etag, boolean enterprise) {

    static ScimCapabilities discover(ScimHttp http) {
        JsonNode config = http.get("/ServiceProviderConfig").body();
        boolean enterprise = false;
        try {
            JsonNode schemas = http.get("/Schemas").body();
            for (JsonNode schema : schemas.path("Resources")) {
                enterprise |= schema.path("id").asText().equalsIgnoreCase(ScimUsers.ENTERPRISE);
            }
        } catch (ConnectorException e) {
            if (e.isRetryable()) {
                throw e;
            }
        }
        return new ScimCapabilities(
                config.path("patch").path("supported").asBoolean(false),
                config.path("etag").path("supported").asBoolean(false),
                enterprise);
    }
}
