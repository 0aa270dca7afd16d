package io.provisioning.systemtests;

import static io.restassured.RestAssured.given;

import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.SearchResultEntry;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The realm's demo workers and the workers a test hires, as the system tests drive them: HR events
 * published to hr-ingest, the users' own tokens (password grant; the workerId claim), their identity
 * in policy-service, their directory entry and legacy-db groups, and policy-service's test clock.
 */
final class WorkersOnStack {

    static final String GROUPS = ",ou=groups,dc=example,dc=com";
    static final String PEOPLE = "ou=people,dc=example,dc=com";
    /** Users' tokens last 15 minutes: fetched anew after 10. */
    private static final Map<String, Fetched> TOKENS = new ConcurrentHashMap<>();

    private WorkersOnStack() {
    }

    /**
     * The groups the worker's legacy-db account holds, as the target last acknowledged them; null while
     * a command to it is pending (the groups shown then are those commanded, not yet applied).
     */
    static List<String> legacyGroups(String workerId) {
        JsonPath identity = identity(workerId);
        if (!"ACTIVE".equals(identity.getString("accounts.find { it.targetId == 'legacy-db' }.status"))) {
            return null;
        }
        return identity.getList("accounts.find { it.targetId == 'legacy-db' }.groups", String.class);
    }

    static Instant policyNow() {
        return Instant.parse(given().auth().oauth2(Stack.token("ops-console")).get(Stack.POLICY + "/api/v1/test/clock")
                .then().statusCode(200).extract().path("now"));
    }

    /** Moves policy-service's clock forward to the instant (never back). */
    static void advanceTo(Instant instant) {
        Instant now = Instant.parse(given().auth().oauth2(Stack.token("ops-console")).get(Stack.POLICY + "/api/v1/test/clock")
                .then().statusCode(200).extract().path("now"));
        Duration by = Duration.between(now, instant);
        if (!by.isNegative() && !by.isZero()) {
            given().auth().oauth2(Stack.token("ops-console")).post(Stack.POLICY + "/api/v1/test/clock?advance=" + by)
                    .then().statusCode(200);
        }
    }

    /** A password grant for a realm user (local realm: password = user + "-pw"); reused for ten minutes. */
    static String userToken(String user) {
        return TOKENS.compute(user, (u, held) -> held != null && held.at().plus(Duration.ofMinutes(10)).isAfter(Instant.now())
                ? held : new Fetched(given()
                .formParam("grant_type", "password").formParam("client_id", "ops-console")
                .formParam("client_secret", "ops-console-secret").formParam("username", u)
                .formParam("password", u + "-pw")
                .post(Stack.KEYCLOAK + "/realms/provisioning/protocol/openid-connect/token")
                .then().statusCode(200).extract().path("access_token"), Instant.now())).token();
    }

    private record Fetched(String token, Instant at) {
    }

    static JsonPath identity(String workerId) {
        Response response = given().auth().oauth2(Stack.token("ops-console")).get(Stack.POLICY + "/api/v1/identities/" + workerId);
        return response.statusCode() == 200 ? response.jsonPath() : new JsonPath("{}");
    }

    static String accountOf(String workerId) {
        return identity(workerId).getString("accounts.find { it.targetId == 'corp-ldap' }.accountId");
    }

    static boolean hasGroup(String workerId, String group) throws Exception {
        SearchResultEntry entry = entry(workerId);
        return entry != null && entry.hasAttributeValue("memberOf", "cn=" + group + GROUPS);
    }

    static boolean locked(String workerId) throws Exception {
        SearchResultEntry entry = entry(workerId);
        return entry != null && entry.hasAttribute("pwdAccountLockedTime");
    }

    static SearchResultEntry entry(String workerId) throws Exception {
        String account = accountOf(workerId);
        if (account == null) {
            return null;
        }
        try (LDAPConnection ldap = new LDAPConnection(Stack.LDAP_HOST, Stack.LDAP_PORT, "cn=admin,dc=example,dc=com", "admin")) {
            return ldap.getEntry("uid=" + account + "," + PEOPLE, "memberOf", "pwdAccountLockedTime");
        }
    }

    static void hire(String workerId, String given, String family, String department, String title,
                             String managerId) {
        publish("hr.worker.hired", workerId, worker(workerId, given, family, department, title, managerId));
    }

    static void terminate(String workerId) {
        publish("hr.worker.terminated", workerId, "{\"workerId\":\"%s\",\"effectiveDate\":\"%s\"}"
                .formatted(workerId, LocalDate.now(ZoneOffset.UTC)));
    }

    static String worker(String workerId, String given, String family, String department, String title,
                                 String managerId) {
        return """
                {"workerId":"%s","givenName":"%s","familyName":"%s","workerType":"EMPLOYEE","department":"%s",
                 "jobTitle":"%s","startDate":"%s"%s}""".formatted(workerId, given, family, department, title,
                LocalDate.now(ZoneOffset.UTC).minusDays(60), managerId == null ? "" : ",\"managerId\":\"" + managerId + "\"");
    }

    static void publish(String type, String workerId, String data) {
        String event = """
                {"specversion":"1.0","id":"%s","source":"urn:hris:system-test","type":"%s","subject":"%s",
                 "time":"%s","datacontenttype":"application/json","data":%s}"""
                .formatted(UUID.randomUUID(), type, workerId, Instant.now(), data);
        given().auth().oauth2(Stack.token("hris-publisher")).contentType("application/cloudevents+json")
                .body(event.getBytes(StandardCharsets.UTF_8)).post(Stack.INGEST + "/api/v1/hr-events")
                .then().statusCode(202);
    }

    /** The text in letters only (digits become a-j): HR names hold no digits. */
    static String letters(String text) {
        StringBuilder name = new StringBuilder();
        for (char c : text.toLowerCase().toCharArray()) {
            name.append(Character.isDigit(c) ? (char) ('a' + (c - '0')) : c);
        }
        return name.toString();
    }
}
