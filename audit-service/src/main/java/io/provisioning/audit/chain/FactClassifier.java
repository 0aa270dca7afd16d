package io.provisioning.audit.chain;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.provisioning.audit.messaging.IncomingFact;
import io.provisioning.contracts.Topics;
import java.util.Map;

/**
 * Decides type, worker, target and correlation of any record from its topic and payload. Never
 * fails: a record that is not JSON is kept as text, because the trail must not skip anything.
 */
public final class FactClassifier {

    static final int MAX_TEXT = 65_536;
    private static final String DEAD_LETTER_HEADER = "dead-letter-";

    private FactClassifier() {
    }

    public static ClassifiedFact classify(IncomingFact fact) {
        JsonNode payload = parseOrWrap(fact.value());
        SecretRedactor.redact(payload);
        boolean deadLetter = fact.topic().endsWith(Topics.DLQ_SUFFIX);
        String topic = deadLetter ? fact.topic().substring(0, fact.topic().length() - Topics.DLQ_SUFFIX.length())
                : fact.topic();

        String type;
        String workerId = text(payload, "workerId", fact.key());
        String targetId = text(payload, "targetId", null);
        String correlationId = text(payload, "correlationId", null);
        if (topic.equals(Topics.HR_EVENTS)) {
            type = text(payload, "type", "hr.unknown");
            workerId = text(payload, "subject", fact.key());
            correlationId = text(payload, "id", null);
        } else if (topic.startsWith(Topics.COMMANDS_PREFIX)) {
            type = "provisioning.command";
            targetId = topic.substring(Topics.COMMANDS_PREFIX.length());
        } else if (topic.equals(Topics.OUTCOMES)) {
            type = "provisioning.outcome";
        } else if (topic.equals(Topics.POLICY_CHANGES)) {
            type = text(payload, "type", "policy.unknown");
            correlationId = text(payload, "correlationId", text(payload, "id", null));
        } else {
            type = "unknown";
        }
        if (deadLetter) {
            type = type + ".dead-lettered";
            payload = withDeadLetterHeaders(payload, fact.headers());
        }
        return new ClassifiedFact(type, workerId, targetId, correlationId, CanonicalJson.write(payload));
    }

    private static JsonNode parseOrWrap(String value) {
        if (value != null) {
            try {
                JsonNode node = CanonicalJson.parse(value);
                if (node != null && !node.isMissingNode()) {
                    return node;
                }
            } catch (JsonProcessingException e) {
                // kept below as text
            }
        }
        ObjectNode wrapper = JsonNodeFactory.instance.objectNode();
        String text = value == null ? "" : value;
        wrapper.put("unreadable", text.length() > MAX_TEXT ? text.substring(0, MAX_TEXT) : text);
        return wrapper;
    }

    private static JsonNode withDeadLetterHeaders(JsonNode payload, Map<String, String> headers) {
        ObjectNode wrapper = JsonNodeFactory.instance.objectNode();
        ObjectNode reason = wrapper.putObject("deadLetter");
        headers.forEach((name, value) -> {
            if (name.startsWith(DEAD_LETTER_HEADER)) {
                reason.put(name.substring(DEAD_LETTER_HEADER.length()), value);
            }
        });
        wrapper.set("message", payload);
        return wrapper;
    }

    private static String text(JsonNode node, String field, String fallback) {
        JsonNode value = node.get(field);
        return value != null && value.isValueNode() && !value.isNull() ? value.asText() : fallback;
    }
}
