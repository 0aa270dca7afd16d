package io.provisioning.connector.scim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.provisioning.connector.spi.InvalidAttributeValueException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Maps command attributes, named by their SCIM path, to SCIM User resources and back. Paths:
 * top-level strings ({@code displayName}, {@code title}, {@code externalId}, {@code nickName}, …),
 * sub-attributes ({@code name.givenName}, {@code name.familyName}, {@code name.formatted}),
 * {@code emails} (the first value is the primary work address), and the enterprise extension as
 * {@code enterprise.employeeNumber}, {@code enterprise.department}, {@code enterprise.manager}, ….
 * Attribute names are compared without regard to case, as RFC 7643 says.
 */
final class ScimUsers {

    static final String USER_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:User";
    static final String GROUP_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:Group";
    static final String ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
    static final String PATCH_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
    static final String ENTERPRISE_PREFIX = "enterprise.";
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private ScimUsers() {
    }

    /** A complete User resource. Enterprise attributes are left out when the server has no such schema. */
    static ObjectNode resource(String userName, Map<String, List<String>> attributes, boolean active,
            boolean enterpriseSupported) {
        ObjectNode user = JSON.objectNode();
        ArrayNode schemas = user.putArray("schemas").add(USER_SCHEMA);
        user.put("userName", userName);
        user.put("active", active);
        attributes.forEach((path, values) -> {
            if (values.isEmpty()) {
                return;
            }
            if (path.startsWith(ENTERPRISE_PREFIX)) {
                if (!enterpriseSupported) {
                    return;
                }
                if (!user.has(ENTERPRISE)) {
                    schemas.add(ENTERPRISE);
                }
                ObjectNode enterprise = user.has(ENTERPRISE) ? (ObjectNode) user.get(ENTERPRISE) : user.putObject(ENTERPRISE);
                String name = path.substring(ENTERPRISE_PREFIX.length());
                enterprise.set(name, value(path, values));
            } else if (path.contains(".")) {
                String[] parts = path.split("\\.", 2);
                ObjectNode parent = user.has(parts[0]) ? (ObjectNode) user.get(parts[0]) : user.putObject(parts[0]);
                parent.set(parts[1], value(path, values));
            } else {
                user.set(path, value(path, values));
            }
        });
        return user;
    }

    /** The value of one path as SCIM wants it. */
    static JsonNode value(String path, List<String> values) {
        String name = path.startsWith(ENTERPRISE_PREFIX) ? path.substring(ENTERPRISE_PREFIX.length()) : path;
        if (name.equalsIgnoreCase("emails")) {
            ArrayNode emails = JSON.arrayNode();
            for (int i = 0; i < values.size(); i++) {
                emails.addObject().put("value", values.get(i)).put("type", "work").put("primary", i == 0);
            }
            return emails;
        }
        if (values.size() != 1) {
            throw new InvalidAttributeValueException("SCIM attribute " + path + " takes one value, not " + values.size(), null);
        }
        if (name.equalsIgnoreCase("manager")) {
            return JSON.objectNode().put("value", values.get(0));
        }
        return JSON.textNode(values.get(0));
    }

    /** The SCIM path of a command attribute, for PATCH. */
    static String patchPath(String path) {
        return path.startsWith(ENTERPRISE_PREFIX) ? ENTERPRISE + ":" + path.substring(ENTERPRISE_PREFIX.length()) : path;
    }

    /**
     * The attributes of a User resource as command attribute paths; {@code userName}, {@code id},
     * {@code active}, {@code groups}, {@code meta} and {@code schemas} are not attributes.
     */
    static Map<String, List<String>> attributes(JsonNode user) {
        Map<String, List<String>> attributes = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> fields = user.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            String name = field.getKey();
            JsonNode value = field.getValue();
            switch (name.toLowerCase()) {
                case "username", "id", "active", "groups", "meta", "schemas", "password" -> {
                }
                case "emails" -> attributes.put("emails", emails(value));
                default -> {
                    if (name.equalsIgnoreCase(ENTERPRISE)) {
                        value.fields().forEachRemaining(e -> put(attributes, ENTERPRISE_PREFIX + e.getKey(),
                                e.getKey().equalsIgnoreCase("manager") ? e.getValue().path("value") : e.getValue()));
                    } else if (value.isObject()) {
                        value.fields().forEachRemaining(e -> put(attributes, name + "." + e.getKey(), e.getValue()));
                    } else {
                        put(attributes, name, value);
                    }
                }
            }
        }
        return attributes;
    }

    private static void put(Map<String, List<String>> attributes, String path, JsonNode value) {
        if (value != null && value.isValueNode() && !value.isNull()) {
            attributes.put(path, List.of(value.asText()));
        }
    }

    private static List<String> emails(JsonNode emails) {
        List<String> values = new ArrayList<>();
        for (JsonNode email : emails) {
            if (email.path("primary").asBoolean(false)) {
                values.add(0, email.path("value").asText());
            } else {
                values.add(email.path("value").asText());
            }
        }
        return values;
    }
}
