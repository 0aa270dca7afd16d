package io.provisioning.ingest.scim;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One SCIM write on a User, from its own request or from a bulk.
 *
 * @param method  POST, PUT, PATCH or DELETE
 * @param id      the worker id the path names (null for POST)
 * @param data    the resource (POST, PUT), the PatchOp (PATCH), or null (DELETE)
 * @param bulkId  the client's bulkId, or null
 * @param upsert  a POST of an existing worker replaces it (as Entra's inbound bulk uploads expect) instead of 409
 * @param ifMatch the ETag the client requires the resource to have, or null
 */
public record ScimOperation(String method, String id, JsonNode data, String bulkId, boolean upsert, String ifMatch) {
}
