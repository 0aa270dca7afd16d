package io.provisioning.audit.chain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.provisioning.audit.messaging.IncomingFact;
import io.provisioning.contracts.Topics;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * Decides type, worker, target and correlation of any record from its topic and payload. Never
 * fails: a record that is not UTF-8 JSON is kept as type {@code unparseable} with its raw bytes
 * (base64) and the reason, because the trail must not skip anything.
 */
public final class FactClassifier {

    public static final String UNPARSEABLE = "unparseable";
    public static final String UNSTORABLE = "unstorable";
    private static final int UNSTORABLE_PREFIX_BYTES = 4096;
    private static final String DEAD_LETTER_HEADER = "dead-letter-";

    private final List<String> droppedWorkerFields;

    /**
     * @param droppedWorkerFields personal data the trail does not keep: removed from HR event data
     */
    public FactClassifier(List<String> droppedWorkerFields) {
        this.droppedWorkerFields = List.copyOf(droppedWorkerFields);
    }

    public ClassifiedFact classify(IncomingFact fact) {
        try {
            return classifyParsed(fact);
        } catch (RuntimeException e) {
            // JSON that parses but has no canonical form (1e-10000 cannot be written as a plain
            // decimal): kept with its bytes, like any record that is not JSON, never retried
            return unparseable(fact, "has no canonical JSON form (" + e.getClass().getSimpleName() + ")",
                    fact.topic().endsWith(Topics.DLQ_SUFFIX));
        }
    }

    private ClassifiedFact classifyParsed(IncomingFact fact) {
        boolean deadLetter = fact.topic().endsWith(Topics.DLQ_SUFFIX);
        String topic = deadLetter ? fact.topic().substring(0, fact.topic().length() - Topics.DLQ_SUFFIX.length())
                : fact.topic();
        JsonNode payload;
        try {
            payload = isAscii(fact.value()) ? CanonicalJson.parse(fact.value()) : CanonicalJson.parse(decode(fact.value()));
            if (payload == null || payload.isMissingNode() || !payload.isObject()) {
                return unparseable(fact, "not a JSON object", deadLetter);
            }
        } catch (CharacterCodingException e) {
            return unparseable(fact, "not valid UTF-8", deadLetter);
        } catch (java.io.IOException e) {
            return unparseable(fact, "not valid JSON", deadLetter);
        }
        SecretRedactor.redact(payload);

        String type;
        String workerId = text(payload, "workerId", fact.key());
        String targetId = text(payload, "targetId", null);
        String correlationId = text(payload, "correlationId", null);
        String factId;
        if (topic.equals(Topics.HR_EVENTS) || topic.equals(Topics.HR_EVENTS_INBOUND)) {
            type = text(payload, "type", "hr.unknown");
            workerId = text(payload, "subject", fact.key());
            correlationId = text(payload, "id", null);
            factId = correlationId;
            dropPersonalData(payload);
        } else if (topic.startsWith(Topics.COMMANDS_PREFIX)) {
            type = "provisioning.command";
            targetId = topic.substring(Topics.COMMANDS_PREFIX.length());
            factId = text(payload, "commandId", null);
        } else if (topic.equals(Topics.OUTCOMES)) {
            type = "provisioning.outcome";
            factId = text(payload, "outcomeId", null);
        } else if (topic.equals(Topics.POLICY_CHANGES)) {
            type = text(payload, "type", "policy.unknown");
            correlationId = text(payload, "correlationId", text(payload, "id", null));
            factId = text(payload, "id", null);
        } else {
            type = "unknown";
            factId = null;
        }
        // A dead letter is a new fact each time (an operator retry can fail again): never merged.
        String factKey = deadLetter || factId == null ? null : fact.topic() + " " + factId;
        if (deadLetter) {
            type = type + ".dead-lettered";
            payload = withDeadLetterHeaders(payload, fact.headers());
        }
        return new ClassifiedFact(type, workerId, targetId, correlationId, CanonicalJson.write(payload), factKey);
    }

    /**
     * A record the audit store refused as classified: kept with its reason, the SHA-256 of its bytes
     * and as many of them as fit, so that the trail says it existed and the channel goes on.
     */
    public static ClassifiedFact unstorable(IncomingFact fact, String reason) {
        byte[] value = fact.value() == null ? new byte[0] : fact.value();
        ObjectNode payload = JsonNodeFactory.instance.objectNode();
        payload.put("reason", reason);
        payload.put("sha256", HashChain.sha256Hex(value));
        payload.put("size", value.length);
        payload.put("rawPrefix", Base64.getEncoder().encodeToString(
                java.util.Arrays.copyOf(value, Math.min(value.length, UNSTORABLE_PREFIX_BYTES))));
        return new ClassifiedFact(UNSTORABLE, fact.key(), null, null, CanonicalJson.write(payload), null);
    }

    private static ClassifiedFact unparseable(IncomingFact fact, String reason, boolean deadLetter) {
        ObjectNode payload = JsonNodeFactory.instance.objectNode();
        payload.put("reason", reason);
        payload.put("raw", Base64.getEncoder().encodeToString(fact.value() == null ? new byte[0] : fact.value()));
        JsonNode stored = deadLetter ? withDeadLetterHeaders(payload, fact.headers()) : payload;
        return new ClassifiedFact(UNPARSEABLE, fact.key(), null, null, CanonicalJson.write(stored), null);
    }

    private void dropPersonalData(JsonNode event) {
        if (event.get("data") instanceof ObjectNode data) {
            droppedWorkerFields.forEach(data::remove);
        }
    }

    /**
     * ASCII is valid UTF-8 as it stands: such a value (nearly every record) is parsed from its bytes,
     * without decoding it to a string first; any other goes through the strict decoder.
     */
    private static boolean isAscii(byte[] value) {
        if (value == null) {
            return false;
        }
        for (byte b : value) {
            if (b < 0) {
                return false;
            }
        }
        return true;
    }

    private static String decode(byte[] value) throws CharacterCodingException {
        if (value == null) {
            throw new CharacterCodingException();
        }
        return StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(value)).toString();
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
