package io.provisioning.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SearchScope;
import io.provisioning.bench.BenchHttp;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The running stack through its public interfaces only: REST with real Keycloak tokens, and the
 * directory of target corp-ldap read over LDAP. Addresses come from system properties
 * ({@code stack.*.url}, {@code stack.ldap.port}) with the local stack's defaults.
 */
public final class StackClient {

    public static final String PUBLISHER = "hris-publisher";
    public static final String OPS = "ops-console";
    public static final String AUDITOR = "audit-reader";

    final String keycloak = property("stack.keycloak.url", "http://127.0.0.1:8180");
    public final String ingest = property("stack.ingest.url", "http://127.0.0.1:8081");
    public final String policy = property("stack.policy.url", "http://127.0.0.1:8082");
    final String audit = property("stack.audit.url", "http://127.0.0.1:8084");
    private final int ldapPort = Integer.parseInt(property("stack.ldap.port", "1389"));

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Map<String, String> tokens = new ConcurrentHashMap<>();

    /** An answer: status and body (JSON when there is one). */
    public record Answer(int status, JsonNode body) {
        public Answer expect(int... statuses) {
            for (int s : statuses) {
                if (s == status) {
                    return this;
                }
            }
            throw new IllegalStateException("HTTP " + status + ": " + body);
        }
    }

    public Answer get(String url, String client) {
        return send(HttpRequest.newBuilder(URI.create(url)).GET(), client);
    }

    public Answer delete(String url, String client) {
        return send(HttpRequest.newBuilder(URI.create(url)).DELETE(), client);
    }

    public Answer post(String url, String client, String contentType, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .POST(body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        return send(request, client);
    }

    /** The worker's identity as policy-service keeps it; empty while it has none. */
    public Optional<JsonNode> identity(String workerId) {
        Answer answer = get(policy + "/api/v1/identities/" + workerId, OPS);
        return answer.status() == 200 ? Optional.of(answer.body()) : Optional.empty();
    }

    /** Whether every account of the identity has its outcome: none is still PENDING. */
    public static boolean settled(JsonNode identity) {
        for (JsonNode account : identity.path("accounts")) {
            if (account.path("status").asText().equals("PENDING")) {
                return false;
            }
        }
        return true;
    }

    /** The corp-ldap entry whose employeeNumber is the worker id, if there is one. */
    public Optional<SearchResultEntry> directoryEntry(String workerId) {
        try (LDAPConnection ldap = new LDAPConnection("127.0.0.1", ldapPort, "cn=admin,dc=example,dc=com", "admin")) {
            return Optional.ofNullable(ldap.searchForEntry("ou=people,dc=example,dc=com", SearchScope.ONE,
                    Filter.createEqualityFilter("employeeNumber", workerId), "uid", "cn", "title", "memberOf",
                    "pwdAccountLockedTime", "employeeType", "departmentNumber"));
        } catch (LDAPException e) {
            throw new IllegalStateException("cannot read the directory: " + e.getResultCode(), e);
        }
    }

    private Answer send(HttpRequest.Builder request, String client) {
        try {
            HttpResponse<String> response = http.send(request.timeout(Duration.ofSeconds(60))
                    .header("Authorization", "Bearer " + token(client)).build(), HttpResponse.BodyHandlers.ofString());
            String text = response.body();
            return new Answer(response.statusCode(), text == null || text.isBlank() ? MAPPER.nullNode() : MAPPER.readTree(text));
        } catch (IOException e) {
            throw new IllegalStateException("cannot reach " + request.build().uri() + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A client-credentials token of the local realm; cached for the run. */
    private String token(String client) {
        return tokens.computeIfAbsent(client, id -> {
            try {
                return BenchHttp.token(keycloak, id);
            } catch (IOException e) {
                throw new IllegalStateException("cannot reach Keycloak: " + e.getMessage(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        });
    }

    private static String property(String name, String fallback) {
        String value = System.getProperty(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
