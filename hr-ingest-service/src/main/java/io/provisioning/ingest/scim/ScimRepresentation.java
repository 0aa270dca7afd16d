package io.provisioning.ingest.scim;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.util.List;

/** A stored User as the client reads it: its attributes, {@code id} (the worker id) and {@code meta}. */
public final class ScimRepresentation {

    private ScimRepresentation() {
    }

    /** @param base the service's base URI, for {@code meta.location} */
    public static ObjectNode of(StoredUser user, URI base) {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        json.set("schemas", user.resource().get("schemas"));
        json.put("id", user.workerId());
        user.resource().fields().forEachRemaining(field -> {
            if (!field.getKey().equals("schemas")) {
                json.set(field.getKey(), field.getValue());
            }
        });
        json.put("active", user.active());
        ObjectNode meta = json.putObject("meta");
        meta.put("resourceType", "User");
        meta.put("created", user.created().toString());
        meta.put("lastModified", user.lastModified().toString());
        meta.put("location", location(base, user.workerId()).toString());
        meta.put("version", user.etag());
        return json;
    }

    public static URI location(URI base, String workerId) {
        // worker ids are [A-Za-z0-9._-], which need no escaping in a path segment
        return base.resolve("scim/v2/Users/").resolve(workerId);
    }

    /** A ListResponse (RFC 7644 §3.4.2). */
    public static ObjectNode list(List<StoredUser> users, int total, int startIndex, URI base) {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        json.putArray("schemas").add(Scim.LIST_RESPONSE);
        json.put("totalResults", total);
        json.put("startIndex", startIndex);
        json.put("itemsPerPage", users.size());
        var resources = json.putArray("Resources");
        users.forEach(u -> resources.add(of(u, base)));
        return json;
    }
}
