package io.provisioning.systemtests;

import static io.restassured.RestAssured.given;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Where the running stack is (system properties set by the build) and how to get its tokens. */
final class Stack {

    static final String KEYCLOAK = property("stack.keycloak.url", "http://127.0.0.1:8180");
    static final String INGEST = property("stack.ingest.url", "http://127.0.0.1:8081");
    static final String POLICY = property("stack.policy.url", "http://127.0.0.1:8082");
    static final String CONNECTOR = property("stack.connector.url", "http://127.0.0.1:8083");
    static final String AUDIT = property("stack.audit.url", "http://127.0.0.1:8084");
    static final String LDAP_HOST = "127.0.0.1";
    static final int LDAP_PORT = Integer.parseInt(property("stack.ldap.port", "1389"));

    /** Tokens last 15 minutes; a run with a fault drill takes longer, so they are fetched anew after 10. */
    private static final Duration TOKEN_REUSE = Duration.ofMinutes(10);

    private record Fetched(String token, Instant at) {
    }

    private static final Map<String, Fetched> TOKENS = new ConcurrentHashMap<>();

    private Stack() {
    }

    /**
     * A real access token from Keycloak for one of the realm's clients (client credentials grant,
     * secret = client id + "-secret", local realm only). Reused for up to ten minutes.
     */
    static String token(String clientId) {
        return TOKENS.compute(clientId, (id, held) -> held != null && held.at().plus(TOKEN_REUSE).isAfter(Instant.now())
                ? held
                : new Fetched(given()
                        .formParam("grant_type", "client_credentials")
                        .formParam("client_id", id)
                        .formParam("client_secret", id + "-secret")
                        .post(KEYCLOAK + "/realms/provisioning/protocol/openid-connect/token")
                        .then().statusCode(200)
                        .extract().path("access_token"), Instant.now())).token();
    }

    private static String property(String name, String fallback) {
        String value = System.getProperty(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
