package io.provisioning.audit.chain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Removes values of fields whose names say they are secrets, before anything is stored. The
 * contracts carry no secrets; this is the guard for a producer that gets it wrong.
 */
public final class SecretRedactor {

    static final String REDACTED = "[REDACTED]";
    /** Searched for anywhere in the lower-cased name (find, not a match of ".*(…).*", which backtracks). */
    private static final Pattern SECRET_NAME = Pattern.compile(
            "password|passwd|unicodepwd|passphrase|secret|token|credential|private.?key|api.?key");
    /** A change reported by a connector names its attribute in {@code name} and carries {@code values}. */
    private static final String CHANGE_NAME = "name";
    private static final String[] CHANGE_VALUES = {"values", "value"};
    private static final TextNode REDACTED_VALUE = TextNode.valueOf(REDACTED);
    /**
     * The verdict per field name: every record carries the same few dozen names, and matching each
     * one again cost more than the rest of the classification. Bounded, because names come from
     * producers; past the bound a name is simply matched every time.
     */
    private static final int MAX_REMEMBERED_NAMES = 10_000;
    private static final Map<String, Boolean> VERDICTS = new ConcurrentHashMap<>();

    private SecretRedactor() {
    }

    /**
     * Redacts in place, at any depth: the value of a field named like a secret, and the values of
     * a change whose attribute {@code name} is named like one ({@code {"name": "userPassword",
     * "values": [...]}}).
     */
    public static void redact(JsonNode node) {
        if (node instanceof ObjectNode object) {
            JsonNode changed = object.get(CHANGE_NAME);
            if (changed != null && changed.isTextual() && isSecretName(changed.textValue())) {
                for (String values : CHANGE_VALUES) {
                    if (object.has(values)) {
                        object.set(values, REDACTED_VALUE);
                    }
                }
            }
            // replacing the value of an existing field is not a structural change: safe while iterating
            for (Iterator<Map.Entry<String, JsonNode>> fields = object.fields(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> field = fields.next();
                if (isSecretName(field.getKey())) {
                    field.setValue(REDACTED_VALUE);
                } else {
                    redact(field.getValue());
                }
            }
        } else if (node != null && node.isArray()) {
            node.forEach(SecretRedactor::redact);
        }
    }

    static boolean isSecretName(String name) {
        Boolean known = VERDICTS.get(name);
        if (known != null) {
            return known;
        }
        boolean secret = SECRET_NAME.matcher(name.toLowerCase(Locale.ROOT)).find();
        if (VERDICTS.size() < MAX_REMEMBERED_NAMES) {
            VERDICTS.put(name, secret);
        }
        return secret;
    }
}
