package io.provisioning.audit.chain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Removes values of fields whose names say they are secrets, before anything is stored. The
 * contracts carry no secrets; this is the guard for a producer that gets it wrong.
 */
public final class SecretRedactor {

    static final String REDACTED = "[REDACTED]";
    /** Searched for anywhere in the lower-cased name (find, not a match of ".*(…).*", which backtracks). */
    private static final Pattern SECRET_NAME = Pattern.compile(
            "password|passwd|secret|token|credential|private.?key|api.?key");

    private SecretRedactor() {
    }

    /** Redacts in place, at any depth. */
    public static void redact(JsonNode node) {
        if (node instanceof ObjectNode object) {
            List<String> names = new ArrayList<>();
            object.fieldNames().forEachRemaining(names::add);
            for (String name : names) {
                if (SECRET_NAME.matcher(name.toLowerCase(Locale.ROOT)).find()) {
                    object.put(name, REDACTED);
                } else {
                    redact(object.get(name));
                }
            }
        } else if (node != null && node.isArray()) {
            node.forEach(SecretRedactor::redact);
        }
    }
}
