package io.provisioning.systemtests;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;

import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SearchScope;
import io.restassured.path.json.JsonPath;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * People's lives through the whole stack into the three demo targets of the default policy: the
 * OpenLDAP directory (corp-ldap), Keycloak's SCIM API (apps-scim) and a legacy application's tables
 * (legacy-db). After each HR event the targets follow, and the audit trail links the event to the
 * commands and the outcomes.
 */
class JoinerMoverLeaverToDirectoryIT {

    private static final String GROUPS = ",ou=groups,dc=example,dc=com";

    @Test
    void theDirectoryFollowsAJoinerAMoverAndALeaverAndTheTrailLinksEachStep() throws Exception {
        String workerId = "SD-" + UUID.randomUUID().toString().substring(0, 8);
        // yesterday: every step is due at once, whatever the time of day
        String yesterday = LocalDate.now(ZoneOffset.UTC).minusDays(1).toString();

        String hired = post("hr.worker.hired", workerId, """
                {"workerId":"%s","givenName":"Zoë","familyName":"O'Brien-Łukasz","workerType":"EMPLOYEE",
                 "department":"Engineering","jobTitle":"Engineer","startDate":"%s"}""".formatted(workerId, yesterday));
        // each group is its own modify, in no set order: the joiner is complete once both are in
        SearchResultEntry joined = awaitEntry(workerId, entry -> entry.hasAttributeValue("memberOf", "cn=engineering" + GROUPS)
                && entry.hasAttributeValue("memberOf", "cn=all-staff" + GROUPS));
        assertThat(joined.getAttributeValue("uid")).startsWith("zobrienlukasz");
        assertThat(joined.getAttributeValue("cn")).isEqualTo("Zoë O'Brien-Łukasz");
        assertThat(joined.getAttributeValues("memberOf")).containsExactlyInAnyOrder(
                "cn=all-staff" + GROUPS, "cn=engineering" + GROUPS);
        assertThat(joined.hasAttribute("pwdAccountLockedTime")).isFalse();
        JsonPath trace = awaitTrace(hired, 2);
        assertThat(trace.getString("cause.type")).isEqualTo("hr.worker.hired");
        assertThat(trace.getList("commands.targetId", String.class)).containsExactlyInAnyOrder("apps-scim", "corp-ldap");
        assertThat(trace.getList("outcomes.payload.status", String.class)).containsOnly("APPLIED");
        // from the HR event's acceptance to each target's acknowledgement
        assertThat(trace.getList("outcomes.payload.endToEndMillis", Long.class)).hasSize(2)
                .allSatisfy(millis -> assertThat(millis).isNotNull().isBetween(0L, 60_000L));
        assertThat(trace.getList("outcomes.findAll { it.targetId == 'corp-ldap' }[0].payload.changes.kind", String.class))
                .contains("ACCOUNT_CREATED", "GROUP_ADDED");
        String scimAccount = accountId(workerId, "apps-scim");
        JsonPath scimUser = awaitScimUser(scimAccount, user -> user.getList("groups.display", String.class).contains("developers"));
        assertThat(scimUser.getBoolean("active")).isTrue();
        assertThat(scimUser.getString("name.familyName")).isEqualTo("O'Brien-Łukasz");

        post("hr.worker.updated", workerId, """
                {"workerId":"%s","givenName":"Zoë","familyName":"O'Brien-Łukasz","workerType":"EMPLOYEE",
                 "department":"Sales","jobTitle":"Sales Engineer","startDate":"%s","effectiveDate":"%s"}"""
                .formatted(workerId, yesterday, yesterday));
        SearchResultEntry moved = awaitEntry(workerId, entry -> entry.hasAttributeValue("memberOf", "cn=sales" + GROUPS)
                && !entry.hasAttributeValue("memberOf", "cn=engineering" + GROUPS));
        assertThat(moved.getAttributeValues("memberOf")).containsExactlyInAnyOrder(
                "cn=all-staff" + GROUPS, "cn=sales" + GROUPS);
        assertThat(moved.getAttributeValue("title")).isEqualTo("Sales Engineer");
        assertThat(moved.getAttributeValue("uid")).isEqualTo(joined.getAttributeValue("uid"));
        // Sales has no grant in the applications' directory: the account there is disabled, its groups gone
        JsonPath disabledInApps = awaitScimUser(scimAccount, user -> !user.getBoolean("active"));
        assertThat(disabledInApps.getList("groups")).isNullOrEmpty();

        post("hr.worker.terminated", workerId, """
                {"workerId":"%s","effectiveDate":"%s","reason":"resignation"}""".formatted(workerId, yesterday));
        SearchResultEntry left = awaitEntry(workerId, entry -> entry.hasAttribute("pwdAccountLockedTime"));
        assertThat(left.getAttributeValue("pwdAccountLockedTime")).isEqualTo("000001010000Z");
    }

    @Test
    void aFinanceControllerGetsARowAndBothLedgerRolesInTheLegacyApplication() throws Exception {
        String workerId = "SF-" + UUID.randomUUID().toString().substring(0, 8);
        String yesterday = LocalDate.now(ZoneOffset.UTC).minusDays(1).toString();

        post("hr.worker.hired", workerId, """
                {"workerId":"%s","givenName":"Fiona","familyName":"Ledger","workerType":"EMPLOYEE",
                 "department":"Finance","jobTitle":"Controller","startDate":"%s"}""".formatted(workerId, yesterday));

        String login = accountId(workerId, "legacy-db");
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300))
                .until(() -> legacyRoles(login), roles -> roles.size() == 2);
        assertThat(legacyRoles(login)).containsExactlyInAnyOrder("ledger-users", "ledger-approvers");
        try (Connection db = DriverManager.getConnection(LEGACY_DB, "legacy_app", "legacy_app");
                PreparedStatement select = db.prepareStatement(
                        "select employee_number, department, locked from app_users where login = ?")) {
            select.setString(1, login);
            ResultSet row = select.executeQuery();
            assertThat(row.next()).isTrue();
            assertThat(row.getString("employee_number")).isEqualTo(workerId);
            assertThat(row.getString("department")).isEqualTo("Finance");
            assertThat(row.getBoolean("locked")).isFalse();
        }
    }

    private static final String LEGACY_DB = "jdbc:postgresql://127.0.0.1:15432/legacy";

    private static List<String> legacyRoles(String login) throws Exception {
        try (Connection db = DriverManager.getConnection(LEGACY_DB, "legacy_app", "legacy_app");
                PreparedStatement select = db.prepareStatement("select role from app_user_roles where login = ?")) {
            select.setString(1, login);
            ResultSet rows = select.executeQuery();
            List<String> roles = new java.util.ArrayList<>();
            while (rows.next()) {
                roles.add(rows.getString(1));
            }
            return roles;
        }
    }

    /** The account policy-service gave the worker in a target, once it has one. */
    private static String accountId(String workerId, String targetId) {
        return await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300)).until(
                () -> given().auth().oauth2(Stack.token("ops-console"))
                        .get(Stack.POLICY + "/api/v1/identities/" + workerId).then().extract().jsonPath()
                        .getString("accounts.find { it.targetId == '" + targetId + "' }.accountId"),
                id -> id != null);
    }

    private static JsonPath awaitScimUser(String userName, java.util.function.Predicate<JsonPath> ready) {
        return await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300)).until(
                () -> given().auth().oauth2(Stack.token("provisioning-scim"))
                        .queryParam("filter", "userName eq \"" + userName + "\"")
                        .queryParam("attributes", "userName,name,active,groups")
                        .get(Stack.KEYCLOAK + "/realms/provisioning/scim/v2/Users").then().statusCode(200)
                        .extract().jsonPath().setRootPath("Resources[0]"),
                user -> user.get() != null && ready.test(user));
    }

    private static String post(String type, String workerId, String data) {
        String id = UUID.randomUUID().toString();
        String event = """
                {"specversion":"1.0","id":"%s","source":"urn:hris:system-test","type":"%s","subject":"%s",
                 "time":"%s","datacontenttype":"application/json","data":%s}"""
                .formatted(id, type, workerId, Instant.now(), data);
        given().auth().oauth2(Stack.token("hris-publisher"))
                .contentType("application/cloudevents+json")
                .body(event.getBytes(StandardCharsets.UTF_8))
                .post(Stack.INGEST + "/api/v1/hr-events")
                .then().statusCode(202).body("accepted", contains(id));
        return id;
    }

    private static SearchResultEntry awaitEntry(String workerId, java.util.function.Predicate<SearchResultEntry> ready) {
        return await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300))
                .until(() -> entry(workerId), entry -> entry != null && ready.test(entry));
    }

    private static SearchResultEntry entry(String workerId) throws Exception {
        try (LDAPConnection ldap = new LDAPConnection(Stack.LDAP_HOST, Stack.LDAP_PORT,
                "cn=admin,dc=example,dc=com", "admin")) {
            List<SearchResultEntry> found = ldap.search("ou=people,dc=example,dc=com", SearchScope.ONE,
                    Filter.createEqualityFilter("employeeNumber", workerId), "*", "memberOf", "pwdAccountLockedTime")
                    .getSearchEntries();
            assertThat(found).hasSizeLessThanOrEqualTo(1);
            return found.isEmpty() ? null : found.get(0);
        }
    }

    private static JsonPath awaitTrace(String eventId, int outcomes) {
        return await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(
                () -> given().auth().oauth2(Stack.token("audit-reader"))
                        .get(Stack.AUDIT + "/api/v1/audit/trace/" + eventId).then().extract().jsonPath(),
                // each topic is recorded by its own consumer: wait until both sides are in
                trace -> trace.getList("outcomes") != null && trace.getList("outcomes").size() >= outcomes
                        && trace.getList("commands").size() >= outcomes);
    }
}
