package io.provisioning.ingest.scim;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A refusal in SCIM's own error schema (RFC 7644 §3.12): the HTTP status, a {@code scimType} where
 * the RFC defines one for it, and a detail that names the attribute and the reason.
 */
public class ScimException extends RuntimeException {

    private final int status;
    private final String scimType;

    public ScimException(int status, String scimType, String detail) {
        super(detail, null, false, false);
        this.status = status;
        this.scimType = scimType;
    }

    public static ScimException invalidValue(String detail) {
        return new ScimException(400, "invalidValue", detail);
    }

    public static ScimException invalidSyntax(String detail) {
        return new ScimException(400, "invalidSyntax", detail);
    }

    public static ScimException notFound(String id) {
        return new ScimException(404, null, "No User " + id);
    }

    public int status() {
        return status;
    }

    public String scimType() {
        return scimType;
    }

    /** The error document. */
    public ObjectNode toJson() {
        return error(status, scimType, getMessage());
    }

    public static ObjectNode error(int status, String scimType, String detail) {
        ObjectNode error = JsonNodeFactory.instance.objectNode();
        error.putArray("schemas").add(Scim.ERROR);
        if (scimType != null) {
            error.put("scimType", scimType);
        }
        error.put("detail", detail);
        error.put("status", Integer.toString(status));
        return error;
    }
}
