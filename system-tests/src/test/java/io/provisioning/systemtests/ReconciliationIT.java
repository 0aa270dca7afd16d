package io.provisioning.systemtests;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.restassured.path.json.JsonPath;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Drift made by hand in the SCIM and JDBC targets of the running stack is reported, then repaired
 * through the normal command path; orphans are reported and kept.
 */
class ReconciliationIT {

    private static final String LEGACY_DB = "jdbc:postgresql://127.0.0.1:15432/legacy";
    private static final String SCIM = Stack.KEYCLOAK + "/realms/provisioning/scim/v2";

    @Test
    void aRoleRemovedAndARowAddedByHandInTheLegacyApplicationAreFoundAndTheRoleRestored() throws Exception {
        String workerId = "RJ-" + UUID.randomUUID().toString().substring(0, 8);
        hire(workerId, "Rita", "Roles", "Finance", "Controller");
        String login = awaitAccount(workerId, "legacy-db");
        await().atMost(Duration.ofSeconds(60)).until(() -> roles(login).size() == 2);
        String orphan = "orph" + UUID.randomUUID().toString().substring(0, 8);
        try (Connection db = legacy()) {
            execute(db, "delete from app_user_roles where login = ? and role = 'ledger-approvers'", login);
            execute(db, "insert into app_users (login, display_name) values (?, 'Made By Hand')", orphan);
        }

        JsonPath report = reconcile("legacy-db", "report");
        assertThat(kinds(report, login)).contains("GROUP_DRIFT");
        assertThat(kinds(report, orphan)).containsExactly("ORPHAN");
        assertThat(roles(login)).containsExactly("ledger-users");

        reconcile("legacy-db", "repair");
        await().atMost(Duration.ofSeconds(60)).until(() -> roles(login).size() == 2);
        assertThat(roles(login)).containsExactlyInAnyOrder("ledger-users", "ledger-approvers");
        try (Connection db = legacy(); PreparedStatement select = db.prepareStatement("select 1 from app_users where login = ?")) {
            select.setString(1, orphan);
            assertThat(select.executeQuery().next()).as("orphans are kept").isTrue();
        }
    }

    @Test
    void aUserDisabledByHandInTheScimDirectoryIsFoundAndEnabledAgain() {
        String workerId = "RS-" + UUID.randomUUID().toString().substring(0, 8);
        hire(workerId, "Sami", "Scim", "Engineering", "Engineer");
        String userName = awaitAccount(workerId, "apps-scim");
        String id = await().atMost(Duration.ofSeconds(60)).until(() -> scimUser(userName).getString("id"), u -> u != null);
        given().auth().oauth2(Stack.token("provisioning-scim")).contentType("application/scim+json")
                .body("""
                        {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                         "Operations":[{"op":"replace","path":"active","value":false}]}""")
                .patch(SCIM + "/Users/" + id).then().statusCode(200);

        JsonPath report = reconcile("apps-scim", "report");
        assertThat(kinds(report, userName)).contains("STATE_DRIFT");
        assertThat(scimUser(userName).getBoolean("active")).isFalse();

        reconcile("apps-scim", "repair");
        await().atMost(Duration.ofSeconds(60)).until(() -> scimUser(userName).getBoolean("active"));
    }

    private static JsonPath reconcile(String target, String mode) {
        String runId = given().auth().oauth2(Stack.token("ops-console")).queryParam("mode", mode)
                .post(Stack.CONNECTOR + "/api/v1/targets/" + target + "/reconciliations")
                .then().statusCode(202).extract().path("runId");
        JsonPath report = await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).until(
                () -> given().auth().oauth2(Stack.token("ops-console")).queryParam("limit", 1000)
                        .get(Stack.CONNECTOR + "/api/v1/reconciliations/" + runId).then().statusCode(200)
                        .extract().jsonPath(),
                r -> !"RUNNING".equals(r.getString("status")));
        assertThat(report.getString("status")).as(report.prettify()).isEqualTo("COMPLETED");
        return report;
    }

    private static List<String> kinds(JsonPath report, String accountId) {
        return report.getList("items.findAll { it.accountId == '" + accountId + "' }.kind", String.class);
    }

    private static void hire(String workerId, String given, String family, String department, String title) {
        String id = UUID.randomUUID().toString();
        String event = """
                {"specversion":"1.0","id":"%s","source":"urn:hris:system-test","type":"hr.worker.hired","subject":"%s",
                 "time":"%s","datacontenttype":"application/json",
                 "data":{"workerId":"%s","givenName":"%s","familyName":"%s","workerType":"EMPLOYEE",
                         "department":"%s","jobTitle":"%s","startDate":"%s"}}"""
                .formatted(id, workerId, Instant.now(), workerId, given, family, department, title,
                        LocalDate.now(ZoneOffset.UTC).minusDays(1));
        given().auth().oauth2(Stack.token("hris-publisher")).contentType("application/cloudevents+json")
                .body(event.getBytes(StandardCharsets.UTF_8)).post(Stack.INGEST + "/api/v1/hr-events")
                .then().statusCode(202);
    }

    private static String awaitAccount(String workerId, String targetId) {
        return await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300)).until(
                () -> given().auth().oauth2(Stack.token("ops-console"))
                        .get(Stack.POLICY + "/api/v1/identities/" + workerId).then().extract().jsonPath()
                        .getString("accounts.find { it.targetId == '" + targetId + "' && it.status == 'ACTIVE' }.accountId"),
                id -> id != null);
    }

    private static JsonPath scimUser(String userName) {
        return given().auth().oauth2(Stack.token("provisioning-scim"))
                .queryParam("filter", "userName eq \"" + userName + "\"")
                .queryParam("attributes", "userName,active")
                .get(SCIM + "/Users").then().statusCode(200).extract().jsonPath().setRootPath("Resources[0]");
    }

    private static Connection legacy() throws Exception {
        return DriverManager.getConnection(LEGACY_DB, "legacy_app", "legacy_app");
    }

    private static void execute(Connection db, String sql, String value) throws Exception {
        try (PreparedStatement statement = db.prepareStatement(sql)) {
            statement.setString(1, value);
            statement.executeUpdate();
        }
    }

    private static List<String> roles(String login) throws Exception {
        try (Connection db = legacy(); PreparedStatement select = db.prepareStatement(
                "select role from app_user_roles where login = ?")) {
            select.setString(1, login);
            ResultSet rows = select.executeQuery();
            List<String> roles = new ArrayList<>();
            while (rows.next()) {
                roles.add(rows.getString(1));
            }
            return roles;
        }
    }
}
