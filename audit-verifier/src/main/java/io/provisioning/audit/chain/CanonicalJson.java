package io.provisioning.audit.chain;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * One byte form per JSON value: object keys sorted, no whitespace, decimals as written. The hash
 * chain is computed over this form, so it must never change for stored records.
 */
public final class CanonicalJson {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN)
            .disable(SerializationFeature.INDENT_OUTPUT)
            .nodeFactory(JsonNodeFactory.withExactBigDecimals(true))
            .build();

    private CanonicalJson() {
    }

    /**
     * Parses JSON text.
     *
     * @throws JsonProcessingException if the text is not JSON
     */
    public static JsonNode parse(String text) throws JsonProcessingException {
        return MAPPER.readTree(text);
    }

    /**
     * Parses JSON held as bytes (UTF-8).
     *
     * @throws IOException if the bytes are not JSON
     */
    public static JsonNode parse(byte[] utf8) throws IOException {
        return MAPPER.readTree(utf8);
    }

    /**
     * The canonical text of a JSON value: written in sorted order straight from the tree, which
     * gives the text of {@link #writeViaSortedCopy} without copying the tree first.
     */
    public static String write(JsonNode node) {
        StringWriter out = new StringWriter(256);
        try (JsonGenerator json = MAPPER.getFactory().createGenerator(out)) {
            writeSorted(json, node);
        } catch (IOException e) {
            throw new IllegalStateException("writing to a string cannot fail", e);
        }
        return out.toString();
    }

    /** The reference form: a sorted copy of the tree written by the mapper. */
    static String writeViaSortedCopy(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(sorted(node));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree must always be writable", e);
        }
    }

    private static void writeSorted(JsonGenerator json, JsonNode node) throws IOException {
        if (node.isObject()) {
            json.writeStartObject();
            for (Map.Entry<String, JsonNode> field : sortedFields(node)) {
                json.writeFieldName(field.getKey());
                writeSorted(json, field.getValue());
            }
            json.writeEndObject();
        } else if (node.isArray()) {
            json.writeStartArray();
            for (JsonNode element : node) {
                writeSorted(json, element);
            }
            json.writeEndArray();
        } else if (node.isTextual()) {
            json.writeString(node.textValue());
        } else if (node.isNumber()) {
            writeNumber(json, node);
        } else if (node.isBoolean()) {
            json.writeBoolean(node.booleanValue());
        } else if (node.isNull()) {
            json.writeNull();
        } else {
            // kinds parsing never makes (binary, POJO): written by the mapper, as in the sorted copy
            MAPPER.writeTree(json, node);
        }
    }

    private static void writeNumber(JsonGenerator json, JsonNode number) throws IOException {
        switch (number.numberType()) {
            case INT -> json.writeNumber(number.intValue());
            case LONG -> json.writeNumber(number.longValue());
            case BIG_INTEGER -> json.writeNumber(number.bigIntegerValue());
            case BIG_DECIMAL -> json.writeNumber(number.decimalValue());
            case FLOAT -> json.writeNumber(number.floatValue());
            case DOUBLE -> json.writeNumber(number.doubleValue());
        }
    }

    private static List<Map.Entry<String, JsonNode>> sortedFields(JsonNode object) {
        List<Map.Entry<String, JsonNode>> fields = new ArrayList<>(object.size());
        for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
            fields.add(it.next());
        }
        fields.sort(Map.Entry.comparingByKey());
        return fields;
    }

    private static JsonNode sorted(JsonNode node) {
        if (node.isObject()) {
            ObjectNode copy = JsonNodeFactory.instance.objectNode();
            sortedFields(node).forEach(f -> copy.set(f.getKey(), sorted(f.getValue())));
            return copy;
        }
        if (node.isArray()) {
            var copy = JsonNodeFactory.instance.arrayNode();
            node.forEach(element -> copy.add(sorted(element)));
            return copy;
        }
        return node;
    }

    /** A mapper that reads and writes with the canonical settings. */
    public static ObjectMapper mapper() {
        return MAPPER;
    }
}
