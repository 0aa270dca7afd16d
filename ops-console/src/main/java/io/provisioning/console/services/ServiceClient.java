package io.provisioning.console.services;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.quarkus.oidc.AccessTokenCredential;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Calls the services on behalf of the signed-in user: every request carries the user's own access
 * token, so a service decides what the user may see and do, and the console never holds more
 * rights than the person using it.
 */
@RequestScoped
public class ServiceClient {

    private static final HttpClient HTTP = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5)).followRedirects(HttpClient.Redirect.NEVER).build();

    @Inject
    AccessTokenCredential accessToken;

    @Inject
    ObjectMapper mapper;

    @ConfigProperty(name = "provisioning.console.request-timeout")
    Duration timeout;

    public <T> T get(Service service, String path, Map<String, ?> query, Class<T> type) {
        return read(service, call(service, "GET", path, query, null, null), type);
    }

    public <T> T get(Service service, String path, Map<String, ?> query, TypeReference<T> type) {
        return convert(service, call(service, "GET", path, query, null, null), type);
    }

    public JsonNode post(Service service, String path, Map<String, ?> query, String body, String contentType) {
        return call(service, "POST", path, query, body, contentType);
    }

    public JsonNode put(Service service, String path, Map<String, ?> query, String body, String contentType) {
        return call(service, "PUT", path, query, body, contentType);
    }

    public <T> T read(Service service, JsonNode json, Class<T> type) {
        try {
            return mapper.treeToValue(json, type);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new ServiceException(service, 502, "an answer the console cannot read", e.getMessage(),
                    List.of());
        }
    }

    private <T> T convert(Service service, JsonNode json, TypeReference<T> type) {
        try {
            return mapper.convertValue(json, type);
        } catch (IllegalArgumentException e) {
            throw new ServiceException(service, 502, "an answer the console cannot read", e.getMessage(), List.of());
        }
    }

    /** A download passed through as it comes (an audit export), with the service's content type. */
    public HttpResponse<InputStream> stream(Service service, String path, Map<String, ?> query) {
        HttpResponse<InputStream> response = send(service, request(service, "GET", path, query, null, null),
                HttpResponse.BodyHandlers.ofInputStream());
        if (response.statusCode() >= 300) {
            try (InputStream body = response.body()) {
                throw failure(service, response.statusCode(), new String(body.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw ServiceException.unreachable(service, e.getMessage());
            }
        }
        return response;
    }

    private JsonNode call(Service service, String method, String path, Map<String, ?> query, String body,
                          String contentType) {
        HttpResponse<String> response = send(service, request(service, method, path, query, body, contentType),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() >= 300) {
            throw failure(service, response.statusCode(), response.body());
        }
        try {
            return response.body().isBlank() ? mapper.nullNode() : mapper.readTree(response.body());
        } catch (JsonProcessingException e) {
            throw new ServiceException(service, 502, "an answer that is not JSON", null, List.of());
        }
    }

    private HttpRequest request(Service service, String method, String path, Map<String, ?> query, String body,
                                String contentType) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(service, path, query)).timeout(timeout)
                .header("Authorization", "Bearer " + accessToken.getToken())
                .header("Accept", "application/json, application/problem+json, */*");
        if (body == null) {
            return request.method(method, HttpRequest.BodyPublishers.noBody()).build();
        }
        return request.header("Content-Type", contentType)
                .method(method, HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build();
    }

    private <T> HttpResponse<T> send(Service service, HttpRequest request, HttpResponse.BodyHandler<T> handler) {
        try {
            return HTTP.send(request, handler);
        } catch (IOException e) {
            throw ServiceException.unreachable(service, e.getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ServiceException.unreachable(service, "interrupted");
        }
    }

    private ServiceException failure(Service service, int status, String body) {
        String title = null;
        String detail = null;
        List<String> fields = new ArrayList<>();
        JsonNode problem = MissingNode.getInstance();
        try {
            problem = mapper.readTree(body);
            title = problem.path("title").asText(null);
            detail = problem.path("detail").asText(null);
            for (JsonNode error : problem.path("errors")) {
                String where = error.path("pointer").asText("");
                fields.add((where.isEmpty() ? "" : where + ": ") + error.path("message").asText(""));
            }
        } catch (JsonProcessingException | RuntimeException e) {
            // not problem+json (a proxy's page, say): the status alone says what happened
        }
        return new ServiceException(service, status, title, detail, fields, problem == null
                ? MissingNode.getInstance() : problem);
    }

    static URI uri(Service service, String path, Map<String, ?> query) {
        String base = ConfigProvider.getConfig().getValue(service.urlProperty(), String.class);
        Map<String, ?> present = query == null ? Map.of() : query.entrySet().stream()
                .filter(e -> e.getValue() != null && !e.getValue().toString().isEmpty())
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> b, LinkedHashMap::new));
        String queryString = present.entrySet().stream()
                .map(e -> encode(e.getKey()) + "=" + encode(e.getValue().toString()))
                .collect(Collectors.joining("&"));
        return URI.create(base.replaceAll("/+$", "") + path + (queryString.isEmpty() ? "" : "?" + queryString));
    }

    /** One path segment or query value, percent-encoded (a worker id may hold any of [A-Za-z0-9._-]). */
    public static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
