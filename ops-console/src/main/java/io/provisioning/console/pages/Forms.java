package io.provisioning.console.pages;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.ws.rs.core.Response;
import java.net.URI;

/** What the pages' form handlers share: the redirect after a POST, and small JSON bodies. */
final class Forms {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private Forms() {
    }

    /** Post/redirect/get: a reload of the page that follows never sends the form again. */
    static Response seeOther(String path) {
        return Response.seeOther(URI.create(path)).build();
    }

    static String json(String key, String value) {
        ObjectNode node = MAPPER.createObjectNode();
        if (value != null && !value.isBlank()) {
            node.put(key, value.strip());
        }
        return node.toString();
    }
}
