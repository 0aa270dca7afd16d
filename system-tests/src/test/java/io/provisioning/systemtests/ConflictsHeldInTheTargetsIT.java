package io.provisioning.systemtests;

import static io.provisioning.systemtests.WorkersOnStack.hire;
import static io.provisioning.systemtests.WorkersOnStack.identity;
import static io.provisioning.systemtests.WorkersOnStack.letters;
import static io.provisioning.systemtests.WorkersOnStack.userToken;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Separation of duties checked against what the targets really hold: an engineer granted ledger
 * approval on request is put by hand into apps-scim's it-admins group (in Keycloak, outside the
 * product). The desired state breaks no rule, so nothing is reported until a reconciliation of
 * apps-scim finds the extra group; then the violation is listed (source reconciliation) and is in the
 * trail, and once the group is taken away by hand and the next run finds nothing, it is gone.
 */
class ConflictsHeldInTheTargetsIT {

    private static final Duration WAIT = Duration.ofSeconds(120);
    private static final String RULE = "ledger-approval-vs-it-admin";
    private static final String RUN = UUID.randomUUID().toString().substring(0, 5).toUpperCase(Locale.ROOT);
    private static final String ENGINEER = "SD" + RUN + "-1";
    private static final String REALM = Stack.KEYCLOAK + "/admin/realms/provisioning";

    @Test
    void aConflictAReconciliationFindsInTheTargetsIsReportedUntilTheNextRunNoLongerFindsIt() {
        hire("DEMO-001", "Amelia", "Nowak", "Engineering", "Engineering Manager", null);
        hire("DEMO-003", "Chiara", "Rossi", "Finance", "Finance Manager", null);
        hire("DEMO-013", "Maja", "Kowalski", "Finance", "Controller", "DEMO-003");
        hire(ENGINEER, "Edda", "Conflict" + letters(RUN), "Engineering", "Software Engineer",
                "DEMO-001");
        await().atMost(WAIT).until(() -> "ACTIVE".equals(identity(ENGINEER).getString(
                "accounts.find { it.targetId == 'apps-scim' }.status")));
        // Amelia asks for her engineer; Chiara decides the manager stage (the fallback, as Amelia asked),
        // Maja the ledger owners' stage
        String request = given().auth().oauth2(userToken("amelia")).contentType("application/json")
                .body(Map.of("beneficiary", ENGINEER, "targetId", "legacy-db", "group", "ledger-approvers",
                        "duration", "P7D", "justification", "quarter-end cover"))
                .post(Stack.POLICY + "/api/v1/access-requests").then().statusCode(201).extract().path("requestId");
        approve("chiara", request);
        approve("maja", request);
        await().atMost(WAIT).until(() -> "ACTIVE".equals(identity(ENGINEER).getString(
                "accounts.find { it.targetId == 'legacy-db' }.status")));
        assertThat(violations(ENGINEER)).as("the desired state breaks no rule").isEmpty();

        String userName = identity(ENGINEER).getString("accounts.find { it.targetId == 'apps-scim' }.accountId");
        String userId = keycloakUserId(userName);
        String itAdmins = keycloakGroupId("it-admins");
        given().auth().oauth2(keycloakAdmin()).put(REALM + "/users/" + userId + "/groups/" + itAdmins)
                .then().statusCode(204);
        try {
            reconcile("apps-scim");
            List<Map<String, Object>> found = await().atMost(WAIT).until(() -> violations(ENGINEER), v -> !v.isEmpty());
            assertThat(found).singleElement().satisfies(v -> {
                assertThat(v).containsEntry("source", "reconciliation").containsEntry("mode", "prevent");
                assertThat(v.get("entitlements").toString()).contains("legacy-db, ledger-approvers")
                        .contains("apps-scim, it-admins");
            });
            JsonPath facts = await().atMost(WAIT).until(() -> given().auth().oauth2(Stack.token("audit-reader"))
                    .queryParam("workerId", ENGINEER).queryParam("type", "sod.violation")
                    .get(Stack.AUDIT + "/api/v1/audit/records").then().statusCode(200).extract().jsonPath(),
                    r -> r.getList("records.payload.outcome", String.class).contains("observed"));
            assertThat(facts.getString("records.find { it.payload.outcome == 'observed' }.payload.ruleId")).isEqualTo(RULE);
        } finally {
            given().auth().oauth2(keycloakAdmin()).delete(REALM + "/users/" + userId + "/groups/" + itAdmins)
                    .then().statusCode(204);
        }
        reconcile("apps-scim");
        await().atMost(WAIT).until(() -> violations(ENGINEER).isEmpty());
        given().auth().oauth2(userToken("amelia")).contentType("application/json").body(Map.of("comment", "done"))
                .post(Stack.POLICY + "/api/v1/access-requests/" + request + "/revoke").then().statusCode(200);
    }

    private static List<Map<String, Object>> violations(String workerId) {
        return given().auth().oauth2(Stack.token("audit-reader")).queryParam("rule", RULE).queryParam("size", 1000)
                .get(Stack.POLICY + "/api/v1/sod/violations").then().statusCode(200).extract().jsonPath()
                .getList("items.findAll { it.workerId == '" + workerId + "' }");
    }

    private static void approve(String user, String request) {
        given().auth().oauth2(userToken(user)).contentType("application/json").body(Map.of("comment", "ok"))
                .post(Stack.POLICY + "/api/v1/access-requests/" + request + "/approve").then().statusCode(200);
    }

    /** A report-mode run of the target, waited for (another test's run is waited out first). */
    private static void reconcile(String target) {
        String runId = await().atMost(WAIT).until(() -> given().auth().oauth2(Stack.token("ops-console"))
                .queryParam("mode", "report").post(Stack.CONNECTOR + "/api/v1/targets/" + target + "/reconciliations")
                .then().extract().<String>path("runId"), id -> id != null);
        await().atMost(WAIT).pollInterval(Duration.ofMillis(500)).until(() -> given().auth().oauth2(Stack.token("ops-console"))
                .get(Stack.CONNECTOR + "/api/v1/reconciliations/" + runId).then().statusCode(200).extract()
                .<String>path("status"), "COMPLETED"::equals);
    }

    private static String keycloakAdmin() {
        return given().formParam("grant_type", "password").formParam("client_id", "admin-cli")
                .formParam("username", "admin").formParam("password", "admin")
                .post(Stack.KEYCLOAK + "/realms/master/protocol/openid-connect/token").then().statusCode(200)
                .extract().path("access_token");
    }

    private static String keycloakUserId(String userName) {
        return given().auth().oauth2(keycloakAdmin()).queryParam("username", userName).queryParam("exact", true)
                .get(REALM + "/users").then().statusCode(200).extract().path("[0].id");
    }

    private static String keycloakGroupId(String name) {
        return given().auth().oauth2(keycloakAdmin()).queryParam("search", name).queryParam("exact", true)
                .get(REALM + "/groups").then().statusCode(200).extract().path("find { it.name == '" + name + "' }.id");
    }
}
