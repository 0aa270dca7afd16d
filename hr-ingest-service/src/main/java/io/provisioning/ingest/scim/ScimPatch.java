package io.provisioning.ingest.scim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Applies a PatchOp (RFC 7644 §3.5.2) to a copy of a stored User resource. */
final class ScimPatch {

    private ScimPatch() {
    }

    /**
     * @throws ScimException 400 invalidSyntax for a document that is not a PatchOp, invalidPath,
     *                       invalidFilter or invalidValue for an operation that cannot apply
     */
    static ObjectNode apply(ObjectNode resource, JsonNode patch, Set<String> extensions) {
        if (!(patch instanceof ObjectNode document) || !listsPatchOp(document)) {
            throw ScimException.invalidSyntax("the body must be a PatchOp (schemas: [\"" + Scim.PATCH_OP + "\"])");
        }
        JsonNode operations = AttributePath.child(document, "Operations");
        if (operations == null || !operations.isArray() || operations.isEmpty()) {
            throw ScimException.invalidSyntax("Operations: at least one operation is required");
        }
        int index = 0;
        for (JsonNode operation : operations) {
            String where = "Operations[" + index++ + "]";
            if (!operation.isObject()) {
                throw ScimException.invalidSyntax(where + ": must be an object");
            }
            String op = operation.path("op").asText("").toLowerCase(Locale.ROOT);
            JsonNode pathNode = operation.get("path");
            String path = pathNode == null || pathNode.isNull() ? null : pathNode.asText();
            JsonNode value = operation.get("value");
            switch (op) {
                case "add", "replace" -> {
                    if (value == null) {
                        throw ScimException.invalidValue(where + ".value: required for " + op);
                    }
                    if (path == null) {
                        withoutPath(resource, value, op.equals("replace"), extensions, where);
                    } else {
                        AttributePath target = AttributePath.parse(path, extensions);
                        if (op.equals("add")) {
                            target.add(resource, value);
                        } else {
                            target.replace(resource, value);
                        }
                    }
                }
                case "remove" -> {
                    if (path == null) {
                        throw new ScimException(400, "noTarget", where + ".path: required for remove");
                    }
                    AttributePath.parse(path, extensions).remove(resource);
                }
                default -> throw ScimException.invalidSyntax(where + ".op: '" + operation.path("op").asText()
                        + "' is not add, replace or remove");
            }
        }
        return resource;
    }

    /** add / replace without a path: the value's attributes (and whole extensions, keyed by URN) are set one by one. */
    private static void withoutPath(ObjectNode resource, JsonNode value, boolean replace, Set<String> extensions,
                                    String where) {
        if (!value.isObject()) {
            throw ScimException.invalidValue(where + ".value: must be an object when there is no path");
        }
        for (var fields = value.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (field.getKey().equalsIgnoreCase("schemas")) {
                continue;
            }
            boolean wholeExtension = field.getKey().regionMatches(true, 0, "urn:", 0, 4) && field.getValue().isObject();
            AttributePath target = wholeExtension ? new AttributePath(field.getKey(), null, null, null)
                    : AttributePath.parse(field.getKey(), extensions);
            if (replace) {
                target.replace(resource, field.getValue());
            } else {
                target.add(resource, field.getValue());
            }
        }
    }

    private static boolean listsPatchOp(ObjectNode document) {
        JsonNode schemas = document.get("schemas");
        if (schemas != null && schemas.isArray()) {
            for (JsonNode schema : schemas) {
                if (Scim.PATCH_OP.equalsIgnoreCase(schema.asText())) {
                    return true;
                }
            }
        }
        return false;
    }
}
