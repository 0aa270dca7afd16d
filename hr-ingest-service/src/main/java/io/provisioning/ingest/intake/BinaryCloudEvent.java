package io.provisioning.ingest.intake;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.provisioning.common.problem.Problem;
import io.provisioning.common.problem.ProblemException;
import io.provisioning.contracts.Json;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * A CloudEvent in binary content mode (its attributes in {@code ce-} HTTP headers or {@code ce_}
 * Kafka headers, its data as the body) turned into the structured event the intake validates, so
 * that both modes go through the same checks and de-duplication. Only JSON data is accepted, as in
 * structured mode.
 */
public final class BinaryCloudEvent {

    /** The attribute whose presence makes a request binary mode. */
    public static final String HTTP_SPECVERSION = "ce-specversion";
    public static final String KAFKA_SPECVERSION = "ce_specversion";

    private static final ObjectMapper MAPPER = Json.mapper();

    private BinaryCloudEvent() {
    }

    /**
     * @param attributes the attributes by name without the prefix (lower case), values as sent
     * @param contentType the data's media type (the request's or record's content type)
     * @param data        the body
     * @return the event in structured mode, as JSON
     * @throws ProblemException 400 when the data is not JSON
     */
    public static String structured(Map<String, String> attributes, String contentType, String data) {
        ObjectNode event = MAPPER.createObjectNode();
        new TreeMap<>(attributes).forEach(event::put);
        String type = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT);
        if (!type.isEmpty() && !type.startsWith("application/json") && !type.matches("application/[^;]*\\+json.*")) {
            throw ProblemException.invalid("In binary mode the data must be JSON.",
                    List.of(new Problem.FieldError(null, "/datacontenttype", "must be application/json")));
        }
        if (contentType != null && !contentType.isBlank()) {
            event.put("datacontenttype", contentType.strip());
        }
        try {
            JsonNode parsed = MAPPER.readTree(data == null ? "" : data);
            if (parsed == null || parsed.isMissingNode()) {
                throw new IllegalArgumentException("no data");
            }
            event.set("data", parsed);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw ProblemException.invalid("The body of a binary-mode event must be its data as JSON.",
                    List.of(new Problem.FieldError(null, "/data", "is not a JSON document")));
        }
        return event.toString();
    }

    /** The attributes of the HTTP binding: {@code ce-} headers, percent-decoded (RFC 3986 style, as the binding says). */
    public static Map<String, String> fromHttpHeaders(Map<String, List<String>> headers) {
        Map<String, String> attributes = new TreeMap<>();
        headers.forEach((name, values) -> {
            String lower = name.toLowerCase(Locale.ROOT);
            if (lower.startsWith("ce-") && lower.length() > 3 && values != null && !values.isEmpty()) {
                attributes.put(lower.substring(3), percentDecoded(values.get(0)));
            }
        });
        return attributes;
    }

    /** The attributes of the Kafka binding: {@code ce_} headers, UTF-8. */
    public static Map<String, String> fromKafkaHeaders(Iterable<org.apache.kafka.common.header.Header> headers) {
        Map<String, String> attributes = new TreeMap<>();
        for (org.apache.kafka.common.header.Header header : headers) {
            String lower = header.key().toLowerCase(Locale.ROOT);
            if (lower.startsWith("ce_") && lower.length() > 3 && header.value() != null) {
                attributes.put(lower.substring(3), new String(header.value(), StandardCharsets.UTF_8));
            }
        }
        return attributes;
    }

    /** Decodes %XX sequences as UTF-8 bytes; anything else (a '+' included) stays as it is. */
    static String percentDecoded(String value) {
        if (value.indexOf('%') < 0) {
            return value;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int i = 0; i < value.length(); ) {
            int c = value.codePointAt(i);
            if (c == '%' && i + 2 < value.length() && isHex(value.charAt(i + 1)) && isHex(value.charAt(i + 2))) {
                bytes.write(Integer.parseInt(value.substring(i + 1, i + 3), 16));
                i += 3;
            } else {
                byte[] encoded = new String(Character.toChars(c)).getBytes(StandardCharsets.UTF_8);
                bytes.write(encoded, 0, encoded.length);
                i += Character.charCount(c);
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static boolean isHex(char c) {
        return Character.digit(c, 16) >= 0;
    }
}
