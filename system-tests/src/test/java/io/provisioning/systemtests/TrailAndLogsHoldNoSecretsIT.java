package io.provisioning.systemtests;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.provisioning.stack.StackKafka;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * No credential of the stack ever shows: not the OIDC client secrets (the SCIM connector's
 * included), not a Kafka principal's password, not a bearer token, in none of the services' logs of this run, in no audit record
 * (the whole trail exported), and in no error body. Runs after the other system tests but the
 * lifecycle story (alphabetical order), so the logs hold their requests, refusals and failures.
 */
class TrailAndLogsHoldNoSecretsIT {

    /** The secrets of the local realm's clients (deploy/keycloak/provisioning-realm.json). */
    private static final List<String> SECRETS = List.of("hris-publisher-secret", "ops-console-secret",
            "audit-reader-secret", "provisioning-scim-secret", "ops-console-short-lived-secret");
    /** The services' Kafka principals, whose passwords deploy/stack generated. */
    private static final List<String> KAFKA_PRINCIPALS = List.of("hr-ingest-service", "policy-service",
            "connector-service", "audit-service", "admin");
    private static final Pattern PASSWORD = Pattern.compile("password=\"([^\"]+)\"");

    /** A JWT: header and payload, both base64url JSON objects. */
    private static final Pattern TOKEN = Pattern.compile("eyJ[A-Za-z0-9_-]{8,}\\.eyJ[A-Za-z0-9_-]{8,}");
    private static final Path LOGS = System.getProperty("stack.logs") != null
            ? Path.of(System.getProperty("stack.logs")) : io.provisioning.stack.StackPaths.logs();

    @Test
    void noSecretOrTokenAppearsInAnyServiceLogTheAuditTrailOrAnErrorBody() throws IOException {
        // an error body for a request that carries a token and a secret-looking value
        String problem = given().auth().oauth2(Stack.token("ops-console"))
                .queryParam("targetId", "provisioning-scim-secret\u0001")
                .get(Stack.CONNECTOR + "/api/v1/dead-letters").then().statusCode(400).extract().asString();
        List<String> sources = new ArrayList<>();
        List<String> found = new ArrayList<>();
        check("the problem body", problem, found);

        try (Stream<Path> logs = Files.list(LOGS)) {
            for (Path log : logs.filter(p -> p.getFileName().toString().endsWith("-service.log")).toList()) {
                sources.add(log.getFileName().toString());
                check(log.getFileName().toString(), Files.readString(log, StandardCharsets.UTF_8), found);
            }
        }
        String trail = given().auth().oauth2(Stack.token("audit-reader"))
                .get(Stack.AUDIT + "/api/v1/audit/export?format=ndjson&from=2000-01-01T00:00:00Z")
                .then().statusCode(200).extract().asString();
        check("the audit trail", trail, found);

        assertThat(sources).as("the four services' logs were read").hasSize(4);
        assertThat(trail.lines().count()).as("the trail holds this run's records").isGreaterThan(100);
        assertThat(found).as("secrets or tokens found").isEmpty();
    }

    private static String kafkaPassword(String principal) {
        Matcher password = PASSWORD.matcher((String) StackKafka.client(principal).get("sasl.jaas.config"));
        assertThat(password.find()).as("a password in " + principal + "'s client settings").isTrue();
        return password.group(1);
    }

    private static void check(String where, String text, List<String> found) {
        for (String secret : SECRETS) {
            if (text.contains(secret)) {
                found.add(where + ": the secret of " + secret.replace("-secret", ""));
            }
        }
        for (String principal : KAFKA_PRINCIPALS) {
            if (text.contains(kafkaPassword(principal))) {
                found.add(where + ": the Kafka password of " + principal);
            }
        }
        if (TOKEN.matcher(text).find()) {
            found.add(where + ": a bearer token");
        }
    }
}
