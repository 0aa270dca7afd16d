package io.provisioning.policy.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import io.provisioning.contracts.Json;
import java.util.List;

/** Lists kept in a text column as JSON arrays (stages, reasons, groups, entitlements). */
public final class JsonColumns {

    private JsonColumns() {
    }

    /** The column's value for a list (of strings, or of lists of strings). */
    public static String write(List<?> values) {
        try {
            return Json.mapper().writeValueAsString(values);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a list column", e);
        }
    }

    /** The strings a column holds. */
    public static List<String> strings(String json) {
        try {
            return Json.mapper().readValue(json, new TypeReference<List<String>>() { });
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored list is unreadable", e);
        }
    }
}
