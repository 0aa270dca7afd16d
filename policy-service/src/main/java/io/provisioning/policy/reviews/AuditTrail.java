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
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
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

    /** The trail's answer: the records, or why there are none. */
    public record Read(List<JsonNode> records, JsonNode verification, String unavailable) {
    }

    /** Every record under the correlation id, in order, and the chain's verification. */
    public Read correlated(String correlationId, String bearer) {
        List<JsonNode> records = new ArrayList<>();
        String cursor = null;
        try {
            do {
                String query = "correlationId=" + encode(correlationId) + "&limit=" + PAGE
                        + (cursor == null ? "" : "&cursor=" + encode(cursor));
                Optional<JsonNode> page = get("/api/v1/audit/records?" + query, bearer);
                if (page.isEmpty()) {
                    return new Read(List.of(), null, "audit-service refused the caller's token: the audit record ids"
                            + " are shown to auditors");
                }
                page.get().path("records").forEach(records::add);
                JsonNode next = page.get().get("nextCursor");
                cursor = next == null || next.isNull() ? null : next.asText();
            } while (cursor != null);
            JsonNode verification = get("/api/v1/audit/verify", bearer).orElse(null);
            return new Read(records, verification, null);
        } catch (IOException e) {
            LOG.warnf("audit-service could not be read for %s: %s", correlationId, e.getMessage());
            return new Read(List.of(), null, "audit-service could not be reached: " + e.getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Read(List.of(), null, "interrupted while reading audit-service");
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
