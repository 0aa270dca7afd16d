package io.provisioning.connector.scim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.provisioning.connector.spi.AlreadyExistsException;
import io.provisioning.connector.spi.ConnectionFailedException;
import io.provisioning.connector.spi.ConnectorException;
import io.provisioning.connector.spi.InvalidAttributeValueException;
import io.provisioning.connector.spi.PermanentException;
import io.provisioning.connector.spi.RetryableException;
import io.provisioning.connector.spi.UnknownAccountException;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.Optional;

/**
 * HTTP for one SCIM target: one pooled {@link HttpClient} with timeouts, the configured
 * authentication (a client-credentials token is fetched on first use, refreshed before it expires
 * and once more when the server answers 401), and SCIM errors translated into the connector
 * exception taxonomy. Error messages carry the method, path, status and the server's SCIM error
 * type, never a credential.
 */
final class ScimHttp {

    static final String SCIM_JSON = "application/scim+json";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** A successful answer: its status, body (null when empty) and ETag. */
    record Answer(int status, JsonNode body, Optional<String> etag) {
    }

    /** The server refused a conditional request (412): the caller re-reads and tries again. */
    static final class PreconditionFailed extends RetryableException {
        PreconditionFailed(String message) {
            super(message, null);
        }
    }

    private final ScimSettings settings;
    private final HttpClient client;
    private String accessToken;
    private Instant tokenExpiry = Instant.MIN;

    ScimHttp(ScimSettings settings) {
        this.settings = settings;
        this.client = HttpClient.newBuilder().connectTimeout(settings.connectTimeout())
                .version(HttpClient.Version.HTTP_1_1).build();
    }

    Answer get(String path) {
        return send("GET", path, null, null);
    }

    Answer send(String method, String path, JsonNode body, String ifMatch) {
        HttpResponse<String> response = exchange(method, path, body, ifMatch, false);
        if (response.statusCode() == 401 && settings.auth().equals("client-credentials")) {
            synchronized (this) {
                tokenExpiry = Instant.MIN; // the token may have been revoked early: fetch a new one once
            }
            response = exchange(method, path, body, ifMatch, true);
        }
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            return new Answer(status, parse(response.body()), response.headers().firstValue("ETag"));
        }
        throw error(method, path, response);
    }

    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** A SCIM filter string literal: quotes and backslashes escaped. */
    static String literal(String value) {
        return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private HttpResponse<String> exchange(String method, String path, JsonNode body, String ifMatch, boolean retried) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(settings.baseUrl() + path))
                .timeout(settings.requestTimeout())
                .header("Accept", SCIM_JSON + ", application/json")
                .header("Authorization", authorization());
        if (ifMatch != null) {
            request.header("If-Match", ifMatch);
        }
        if (body != null) {
            request.header("Content-Type", SCIM_JSON)
                    .method(method, HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        try {
            return client.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (HttpTimeoutException e) {
            throw new ConnectionFailedException("SCIM " + method + " " + pathOnly(path) + ": no answer within "
                    + settings.requestTimeout().toMillis() + " ms", null);
        } catch (IOException e) {
            throw new ConnectionFailedException("SCIM " + method + " " + pathOnly(path) + ": "
                    + e.getClass().getSimpleName() + " reaching " + settings.baseUrl().getHost(), null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConnectionFailedException("SCIM " + method + " " + pathOnly(path) + ": interrupted", null);
        }
    }

    private String authorization() {
        return switch (settings.auth()) {
            case "bearer" -> "Bearer " + settings.token();
            case "basic" -> "Basic " + Base64.getEncoder().encodeToString(
                    (settings.username() + ":" + settings.password()).getBytes(StandardCharsets.UTF_8));
            default -> "Bearer " + clientCredentialsToken();
        };
    }

    private synchronized String clientCredentialsToken() {
        if (accessToken != null && Instant.now().isBefore(tokenExpiry)) {
            return accessToken;
        }
        String form = "grant_type=client_credentials&client_id=" + encode(settings.clientId())
                + "&client_secret=" + encode(settings.clientSecret())
                + (settings.scope() == null ? "" : "&scope=" + encode(settings.scope()));
        HttpRequest request = HttpRequest.newBuilder(settings.tokenUrl()).timeout(settings.requestTimeout())
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build();
        try {
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new ConnectionFailedException("SCIM token request to " + settings.tokenUrl().getHost()
                        + " for client " + settings.clientId() + ": HTTP " + response.statusCode(), null);
            }
            JsonNode token = MAPPER.readTree(response.body());
            accessToken = token.path("access_token").asText();
            long lifetime = token.path("expires_in").asLong(60);
            // refreshed a little early so that no request leaves with a token about to expire
            tokenExpiry = Instant.now().plusSeconds(Math.max(5, lifetime - Math.min(30, lifetime / 5)));
            return accessToken;
        } catch (IOException e) {
            throw new ConnectionFailedException("SCIM token request to " + settings.tokenUrl().getHost() + ": "
                    + e.getClass().getSimpleName(), null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConnectionFailedException("SCIM token request interrupted", null);
        }
    }

    private ConnectorException error(String method, String path, HttpResponse<String> response) {
        int status = response.statusCode();
        JsonNode body = parse(response.body());
        String scimType = body == null ? "" : body.path("scimType").asText("");
        String detail = body == null ? "" : body.path("detail").asText("");
        if (detail.length() > 200) {
            detail = detail.substring(0, 200) + "…";
        }
        String message = "SCIM " + method + " " + pathOnly(path) + ": HTTP " + status
                + (scimType.isEmpty() ? "" : " " + scimType) + (detail.isEmpty() ? "" : ": " + detail);
        return switch (status) {
            case 400 -> scimType.equals("uniqueness")
                    ? new AlreadyExistsException(message, null)
                    : new InvalidAttributeValueException(message, null);
            case 401, 403 -> new ConnectionFailedException(message, null);
            case 404 -> new UnknownAccountException(message, null);
            case 409 -> new AlreadyExistsException(message, null);
            case 412 -> new PreconditionFailed(message);
            case 429, 503 -> new RetryableException(message, null, retryAfter(response).orElse(null));
            default -> status >= 500 ? new RetryableException(message, null, retryAfter(response).orElse(null))
                    : new PermanentException(message, null);
        };
    }

    /** Retry-After as seconds or as an HTTP date (RFC 9110). */
    static Optional<Duration> retryAfter(HttpResponse<?> response) {
        return response.headers().firstValue("Retry-After").flatMap(value -> {
            try {
                return Optional.of(Duration.ofSeconds(Math.max(0, Long.parseLong(value.trim()))));
            } catch (NumberFormatException notSeconds) {
                try {
                    Instant at = ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                    Duration wait = Duration.between(Instant.now(), at);
                    return Optional.of(wait.isNegative() ? Duration.ZERO : wait);
                } catch (RuntimeException notADate) {
                    return Optional.empty();
                }
            }
        });
    }

    /** The path without its query, which may hold a user name. */
    private static String pathOnly(String path) {
        int query = path.indexOf('?');
        return query < 0 ? path : path.substring(0, query);
    }

    private static JsonNode parse(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        try {
            return MAPPER.readTree(body);
        } catch (IOException e) {
            return null;
        }
    }
}
