package io.provisioning.contracts.hr;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import java.io.IOException;
import java.time.OffsetDateTime;
import java.util.Optional;

/**
 * Reads an {@link HrEvent}, choosing the record of {@code data} from the sibling {@code type}
 * attribute (CloudEvents keeps the type beside the data, not inside it). Read in one pass when the
 * type comes first, as publishers usually write it; {@code data} met before the type is held as a
 * tree until the type is known.
 */
final class HrEventDeserializer extends StdDeserializer<HrEvent> {

    HrEventDeserializer() {
        super(HrEvent.class);
    }

    @Override
    public HrEvent deserialize(JsonParser parser, DeserializationContext ctx) throws IOException {
        if (!parser.isExpectedStartObjectToken()) {
            return (HrEvent) ctx.handleUnexpectedToken(HrEvent.class, parser);
        }
        String specversion = null;
        String id = null;
        String source = null;
        String typeName = null;
        String subject = null;
        String contentType = null;
        OffsetDateTime time = null;
        HrEventData data = null;
        JsonNode dataBeforeType = null;
        for (String field = parser.nextFieldName(); field != null; field = parser.nextFieldName()) {
            JsonToken token = parser.nextToken();
            switch (field) {
                case "specversion" -> specversion = text(parser, token);
                case "id" -> id = text(parser, token);
                case "source" -> source = text(parser, token);
                case "type" -> typeName = text(parser, token);
                case "subject" -> subject = text(parser, token);
                case "datacontenttype" -> contentType = text(parser, token);
                case "time" -> time = token == JsonToken.VALUE_NULL ? null : ctx.readValue(parser, OffsetDateTime.class);
                case "data" -> {
                    Optional<HrEventType> known = typeName == null ? Optional.empty() : HrEventType.fromWireName(typeName);
                    data = null;
                    dataBeforeType = null;
                    if (token == JsonToken.VALUE_NULL) {
                        continue;
                    }
                    if (known.isPresent()) {
                        data = ctx.readValue(parser, known.get().dataType());
                    } else {
                        dataBeforeType = ctx.readTree(parser);
                    }
                }
                default -> parser.skipChildren();
            }
        }
        String typeText = typeName;
        HrEventType type = HrEventType.fromWireName(typeName)
                .orElseThrow(() -> ctx.weirdStringException(typeText, HrEventType.class, "not an HR event type"));
        if (dataBeforeType != null) {
            data = ctx.readTreeAsValue(dataBeforeType, type.dataType());
        } else if (data != null && !type.dataType().isInstance(data)) {
            // "type" appeared twice and the last one names another record: read as that one decides
            throw ctx.weirdStringException(typeText, HrEventType.class, "a second type contradicts the data");
        }
        return new HrEvent(specversion, id, source, type, subject, time, contentType, data);
    }

    /** A scalar as text (numbers and booleans too), "" for an object or array, null for null. */
    private static String text(JsonParser parser, JsonToken token) throws IOException {
        if (token == JsonToken.VALUE_NULL) {
            return null;
        }
        if (token.isStructStart()) {
            parser.skipChildren();
            return "";
        }
        return parser.getText();
    }
}
