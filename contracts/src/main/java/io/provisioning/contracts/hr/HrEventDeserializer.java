package io.provisioning.contracts.hr;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.OffsetDateTime;

/**
 * Reads an {@link HrEvent}, choosing the record of {@code data} from the sibling {@code type}
 * attribute (CloudEvents keeps the type beside the data, not inside it).
 */
final class HrEventDeserializer extends StdDeserializer<HrEvent> {

    HrEventDeserializer() {
        super(HrEvent.class);
    }

    @Override
    public HrEvent deserialize(JsonParser parser, DeserializationContext ctx) throws IOException {
        JsonNode node = parser.readValueAsTree();
        if (!(node instanceof ObjectNode event)) {
            return (HrEvent) ctx.handleUnexpectedToken(HrEvent.class, parser);
        }
        HrEventType type = HrEventType.fromWireName(text(event, "type"))
                .orElseThrow(() -> ctx.weirdStringException(text(event, "type"), HrEventType.class,
                        "not an HR event type"));
        JsonNode dataNode = event.get("data");
        HrEventData data = dataNode == null || dataNode.isNull() ? null
                : ctx.readTreeAsValue(dataNode, type.dataType());
        JsonNode timeNode = event.get("time");
        OffsetDateTime time = timeNode == null || timeNode.isNull() ? null
                : ctx.readTreeAsValue(timeNode, OffsetDateTime.class);
        return new HrEvent(text(event, "specversion"), text(event, "id"), text(event, "source"), type,
                text(event, "subject"), time, text(event, "datacontenttype"), data);
    }

    private static String text(ObjectNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }
}
