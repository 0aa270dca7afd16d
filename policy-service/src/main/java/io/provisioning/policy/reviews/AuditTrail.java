package io.provisioning.policy.reviews;

import com.fasterxml.jackson.databind.JsonNode;
import io.provisioning.contracts.Json;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Reads the audit trail of audit-service on behalf of the caller, with the caller's own token: the
 * evidence of a review cites the records that prove it only to someone audit-service lets read them.
 */
@ApplicationScoped
public class AuditTrail {

    private static final Logger LOG = Logger.getLogger(AuditTrail.class);
    private static final int PAGE = 1000;

    @ConfigProperty(name = "provisioning.audit.url", defaultValue = "http://127.0.0.1:8084")
    String auditUrl;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** The trail's answer: how many records were read and the chain's verification, or why none could be. */
    public record Read(int records, JsonNode verification, String unavailable) {

        static Read unavailable(String why) {
            return new Read(0, null, why);
        }
    }

    /**
     * Passes every record under the correlation id, in order, to {@code each} (a page at a time, so
     * that the trail of a large review is never held whole), then verifies the chain.
     */
    public Read correlated(String correlationId, String bearer, Consumer<JsonNode> each) {
        int records = 0;
        String cursor = null;
        try {
            do {
                String query = "correlationId=" + encode(correlationId) + "&limit=" + PAGE
                        + (cursor == null ? "" : "&cursor=" + encode(cursor));
                Optional<JsonNode> page = get("/api/v1/audit/records?" + query, bearer);
                if (page.isEmpty()) {
                    return Read.unavailable("audit-service refused the caller's token: the audit record ids are"
                            + " shown to auditors");
                }
                for (JsonNode record : page.get().path("records")) {
                    each.accept(record);
                    records++;
                }
                JsonNode next = page.get().get("nextCursor");
                cursor = next == null || next.isNull() ? null : next.asText();
            } while (cursor != null);
            JsonNode verification = get("/api/v1/audit/verify", bearer).orElse(null);
            return new Read(records, verification, null);
        } catch (IOException e) {
            LOG.warnf("audit-service could not be read for %s: %s", correlationId, e.getMessage());
            return Read.unavailable("audit-service could not be read: "
                    + (e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Read.unavailable("interrupted while reading audit-service");
        }
    }

    private Optional<JsonNode> get(String path, String bearer) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(auditUrl + path)).timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + bearer).header("Accept", "application/json").GET().build();
        HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() == 401 || response.statusCode() == 403) {
            return Optional.empty();
        }
        if (response.statusCode() != 200) {
            throw new IOException("audit-service answered " + response.statusCode());
        }
        return Optional.of(Json.mapper().readTree(response.body()));
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
