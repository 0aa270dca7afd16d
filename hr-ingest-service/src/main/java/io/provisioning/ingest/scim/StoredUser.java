package io.provisioning.ingest.scim;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;

/**
 * A User resource as last accepted: the resource as the client sent it (without id and meta), and
 * the state the next operation is compared to.
 *
 * @param version incremented by every accepted change; the resource's ETag is {@code W/"<version>"}
 */
public record StoredUser(String workerId, String userName, ObjectNode resource, boolean active, boolean deleted,
                         long version, String source, Instant created, Instant lastModified) {

    public String etag() {
        return "W/\"" + version + "\"";
    }
}
