package io.provisioning.ingest.scim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A SCIM attribute path (RFC 7644 §3.10 and §3.5.2): {@code [schema-urn:]attribute[filter][.sub]},
 * e.g. {@code name.givenName}, {@code emails[type eq "work"].value} or
 * {@code urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value}. Attribute
 * names are case-insensitive, as RFC 7643 §2.1 says. A value filter is one {@code eq} comparison,
 * which is what clients send in practice; anything richer is refused as {@code invalidFilter}.
 *
 * @param schema       the extension URN, or null for a core User attribute
 * @param attribute    the attribute, or null for a path naming a whole extension
 * @param filter       the value filter of a multi-valued attribute, or null
 * @param subAttribute the sub-attribute, or null
 */
public record AttributePath(String schema, String attribute, ValueFilter filter, String subAttribute) {

    private static final Pattern NAME = Pattern.compile("[A-Za-z$][A-Za-z0-9$_-]*");
    private static final Pattern SIMPLE = Pattern.compile(
            "(" + NAME + ")(?:\\[([^\\]]*)])?(?:\\.(" + NAME + "))?");
    private static final Pattern EQ = Pattern.compile(
            "\\s*(" + NAME + ")\\s+(?i:eq)\\s+(\"(?:[^\"\\\\]|\\\\.)*\"|true|false|-?\\d+(?:\\.\\d+)?)\\s*");

    /** One {@code attribute eq value} comparison inside brackets. */
    public record ValueFilter(String attribute, JsonNode value) {
        boolean matches(JsonNode element) {
            JsonNode actual = element.isObject() ? child((ObjectNode) element, attribute) : null;
            if (actual == null || actual.isNull()) {
                return false;
            }
            return value.isTextual() && actual.isTextual()
                    ? value.asText().equalsIgnoreCase(actual.asText()) : value.equals(actual);
        }
    }

    /**
     * @param knownSchemas extension URNs a path may name on its own (as PATCH does with a whole extension)
     * @throws ScimException 400 invalidPath or invalidFilter
     */
    public static AttributePath parse(String text, Iterable<String> knownSchemas) {
        String path = text == null ? "" : text.strip();
        String schema = null;
        if (path.regionMatches(true, 0, "urn:", 0, 4)) {
            for (String known : knownSchemas) {
                if (known.equalsIgnoreCase(path)) {
                    return new AttributePath(known, null, null, null);
                }
            }
            int bracket = path.indexOf('[');
            int colon = (bracket < 0 ? path : path.substring(0, bracket)).lastIndexOf(':');
            schema = path.substring(0, colon);
            path = path.substring(colon + 1);
            if (schema.equalsIgnoreCase(Scim.USER)) {
                schema = null;
            }
        }
        Matcher m = SIMPLE.matcher(path);
        if (!m.matches()) {
            throw new ScimException(400, "invalidPath", "'" + text + "' is not an attribute path");
        }
        ValueFilter filter = null;
        if (m.group(2) != null) {
            Matcher eq = EQ.matcher(m.group(2));
            if (!eq.matches()) {
                throw new ScimException(400, "invalidFilter", "'" + m.group(2) + "' in " + text
                        + ": a value filter is one 'attribute eq value' comparison");
            }
            filter = new ValueFilter(eq.group(1), literal(eq.group(2)));
        }
        return new AttributePath(schema, m.group(1), filter, m.group(3));
    }

    static JsonNode literal(String token) {
        try {
            return Scim.JSON.readTree(token);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new ScimException(400, "invalidFilter", "'" + token + "' is not a value");
        }
    }

    /** The value at this path in the resource, or null. Without a filter, a multi-valued attribute's primary (else first) value is read. */
    public JsonNode read(ObjectNode resource) {
        ObjectNode container = container(resource, false);
        if (container == null || attribute == null) {
            return container;
        }
        JsonNode value = child(container, attribute);
        if (value == null || value.isNull()) {
            return null;
        }
        if (filter != null) {
            value = value.isArray() ? first((ArrayNode) value) : null;
        } else if (value.isArray() && subAttribute != null) {
            value = primary((ArrayNode) value);
        }
        if (value == null || subAttribute == null) {
            return value;
        }
        return value.isObject() ? child((ObjectNode) value, subAttribute) : null;
    }

    /** PATCH add (RFC 7644 §3.5.2.1): multi-valued values are appended, complex ones merged. */
    public void add(ObjectNode resource, JsonNode value) {
        set(resource, value, false);
    }

    /** PATCH replace (RFC 7644 §3.5.2.3): a multi-valued attribute is replaced whole, a complex one merged. */
    public void replace(ObjectNode resource, JsonNode value) {
        set(resource, value, true);
    }

    /** PATCH remove (RFC 7644 §3.5.2.2). */
    public void remove(ObjectNode resource) {
        ObjectNode container = container(resource, false);
        if (container == null) {
            return;
        }
        if (attribute == null) {
            resource.remove(key(resource, schema));
            return;
        }
        String key = key(container, attribute);
        if (key == null) {
            return;
        }
        JsonNode current = container.get(key);
        if (filter == null) {
            if (subAttribute == null) {
                container.remove(key);
            } else if (current.isObject()) {
                ((ObjectNode) current).remove(key((ObjectNode) current, subAttribute));
            } else {
                throw new ScimException(400, "invalidPath", this + ": name the value with a filter");
            }
            return;
        }
        if (!current.isArray()) {
            return;
        }
        for (Iterator<JsonNode> elements = current.iterator(); elements.hasNext(); ) {
            JsonNode element = elements.next();
            if (filter.matches(element)) {
                if (subAttribute == null) {
                    elements.remove();
                } else {
                    ((ObjectNode) element).remove(key((ObjectNode) element, subAttribute));
                }
            }
        }
    }

    private void set(ObjectNode resource, JsonNode value, boolean replace) {
        ObjectNode container = container(resource, true);
        if (attribute == null) {
            requireObject(value);
            merge(container, (ObjectNode) value, replace);
            return;
        }
        String key = existingOr(container, attribute);
        JsonNode current = container.get(key);
        if (filter == null && subAttribute == null) {
            if (!replace && current != null && current.isArray() && value.isArray()) {
                value.forEach(v -> {
                    if (!contains((ArrayNode) current, v)) {
                        ((ArrayNode) current).add(v);
                    }
                });
            } else if (current != null && current.isObject() && value.isObject()) {
                merge((ObjectNode) current, (ObjectNode) value, replace);
            } else {
                container.set(key, value);
            }
            return;
        }
        if (filter == null) {
            if (current != null && current.isArray()) {
                throw new ScimException(400, "invalidPath", this + ": name the value of "
                        + attribute + " with a filter, e.g. " + attribute + "[type eq \"work\"]." + subAttribute);
            }
            ObjectNode complex = current != null && current.isObject() ? (ObjectNode) current : container.putObject(key);
            complex.set(existingOr(complex, subAttribute), value);
            return;
        }
        ArrayNode values = current != null && current.isArray() ? (ArrayNode) current : container.putArray(key);
        List<ObjectNode> matching = new ArrayList<>();
        values.forEach(v -> {
            if (filter.matches(v)) {
                matching.add((ObjectNode) v);
            }
        });
        if (matching.isEmpty()) {
            ObjectNode created = values.addObject();
            created.set(filter.attribute(), filter.value());
            matching.add(created);
        }
        for (ObjectNode element : matching) {
            if (subAttribute != null) {
                element.set(existingOr(element, subAttribute), value);
            } else {
                requireObject(value);
                merge(element, (ObjectNode) value, true);
            }
        }
    }

    private void requireObject(JsonNode value) {
        if (!value.isObject()) {
            throw ScimException.invalidValue("the value for " + this + " must be an object");
        }
    }

    private static void merge(ObjectNode target, ObjectNode values, boolean replace) {
        for (Iterator<Map.Entry<String, JsonNode>> fields = values.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            String key = existingOr(target, field.getKey());
            JsonNode current = target.get(key);
            if (current != null && current.isObject() && field.getValue().isObject()) {
                merge((ObjectNode) current, (ObjectNode) field.getValue(), replace);
            } else if (!replace && current != null && current.isArray() && field.getValue().isArray()) {
                field.getValue().forEach(v -> {
                    if (!contains((ArrayNode) current, v)) {
                        ((ArrayNode) current).add(v);
                    }
                });
            } else {
                target.set(key, field.getValue());
            }
        }
    }

    private static boolean contains(ArrayNode values, JsonNode value) {
        for (JsonNode v : values) {
            if (v.equals(value)) {
                return true;
            }
        }
        return false;
    }

    private ObjectNode container(ObjectNode resource, boolean create) {
        if (schema == null) {
            return resource;
        }
        JsonNode extension = child(resource, schema);
        if (extension != null && extension.isObject()) {
            return (ObjectNode) extension;
        }
        if (!create) {
            return null;
        }
        ObjectNode created = resource.putObject(schema);
        JsonNode schemas = resource.get("schemas");
        if (schemas instanceof ArrayNode list && !contains(list, JsonNodeFactory.instance.textNode(schema))) {
            list.add(schema);
        }
        return created;
    }

    private JsonNode first(ArrayNode values) {
        for (JsonNode v : values) {
            if (filter.matches(v)) {
                return v;
            }
        }
        return null;
    }

    private static JsonNode primary(ArrayNode values) {
        for (JsonNode v : values) {
            if (v.path("primary").asBoolean(false)) {
                return v;
            }
        }
        return values.isEmpty() ? null : values.get(0);
    }

    /** The field of that name, compared case-insensitively; null if absent. */
    static JsonNode child(ObjectNode node, String name) {
        String key = key(node, name);
        return key == null ? null : node.get(key);
    }

    static String key(ObjectNode node, String name) {
        if (node.has(name)) {
            return name;
        }
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String candidate = names.next();
            if (candidate.equalsIgnoreCase(name)) {
                return candidate;
            }
        }
        return null;
    }

    private static String existingOr(ObjectNode node, String name) {
        String key = key(node, name);
        return key == null ? name : key;
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder();
        if (schema != null) {
            text.append(schema);
            if (attribute != null) {
                text.append(':');
            }
        }
        if (attribute != null) {
            text.append(attribute);
        }
        if (filter != null) {
            text.append('[').append(filter.attribute()).append(" eq ").append(filter.value()).append(']');
        }
        if (subAttribute != null) {
            text.append('.').append(subAttribute);
        }
        return text.toString();
    }
}
