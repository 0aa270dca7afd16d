package io.provisioning.policy.authoring;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * A policy document read as a JSON tree, remembering where in the text each field is, so that an
 * error can say "line 12, column 7" as well as {@code /rules/3/grant/crm}. YAML and JSON alike;
 * a key given twice is an error, not a silent override.
 */
public final class LocatedDocument {

    /** A place in the text, 1-based. */
    public record Place(int line, int column) {
    }

    /** The text is not YAML (or not JSON), at a place. */
    public static final class SyntaxException extends Exception {
        private final Place place;

        SyntaxException(String message, Place place) {
            super(message);
            this.place = place;
        }

        public Place place() {
            return place;
        }
    }

    private static final JsonFactory YAML = YAMLFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
    private static final JsonFactory JSON = JsonFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

    private final JsonNode tree;
    private final Map<String, Place> places;

    private LocatedDocument(JsonNode tree, Map<String, Place> places) {
        this.tree = tree;
        this.places = places;
    }

    /**
     * @param json true for JSON, false for YAML
     * @throws SyntaxException if the text cannot be read, with where it stopped
     */
    public static LocatedDocument read(String text, boolean json) throws SyntaxException {
        JsonFactory factory = json ? JSON : YAML;
        try {
            JsonNode tree = new ObjectMapper(factory).readTree(text);
            Map<String, Place> places = new HashMap<>();
            try (JsonParser parser = factory.createParser(text)) {
                for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
                    String pointer = parser.getParsingContext().pathAsPointer().toString();
                    JsonLocation at = parser.currentTokenLocation();
                    places.putIfAbsent(pointer, new Place(at.getLineNr(), at.getColumnNr()));
                }
            }
            return new LocatedDocument(tree == null ? new ObjectMapper().nullNode() : tree, places);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            throw new SyntaxException((json ? "not valid JSON: " : "not valid YAML: ") + reason(e),
                    at == null ? new Place(1, 1) : new Place(Math.max(1, at.getLineNr()), Math.max(1, at.getColumnNr())));
        } catch (IOException e) {
            throw new SyntaxException("cannot be read", new Place(1, 1));
        }
    }

    public JsonNode tree() {
        return tree;
    }

    /** Where the field at this pointer is, or its nearest enclosing field that is in the text. */
    public Place placeOf(String pointer) {
        String at = pointer;
        while (true) {
            Place place = places.get(at);
            if (place != null) {
                return place;
            }
            int cut = at.lastIndexOf('/');
            if (cut < 0) {
                return new Place(1, 1);
            }
            at = at.substring(0, cut);
        }
    }

    /** The parser's reason without the excerpt of the source it appends. */
    private static String reason(JsonProcessingException e) {
        String message = e.getOriginalMessage();
        if (message == null) {
            return "unreadable";
        }
        String first = message.lines().findFirst().orElse("unreadable");
        return first.length() > 200 ? first.substring(0, 200) + "…" : first;
    }
}
