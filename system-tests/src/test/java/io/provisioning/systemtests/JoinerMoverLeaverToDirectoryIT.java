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
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * One person's life through the whole stack into the demo directory (target corp-ldap, the
 * default policy): hired into Engineering, moved to Sales, terminated; after each HR event the
 * OpenLDAP entry follows, and the audit trail links the event to the command and the outcome.
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
        SearchResultEntry joined = awaitEntry(workerId, entry -> entry.hasAttributeValue("memberOf", "cn=engineering" + GROUPS));
        assertThat(joined.getAttributeValue("uid")).startsWith("zobrienlukasz");
        assertThat(joined.getAttributeValue("cn")).isEqualTo("Zoë O'Brien-Łukasz");
        assertThat(joined.getAttributeValues("memberOf")).containsExactlyInAnyOrder(
                "cn=all-staff" + GROUPS, "cn=engineering" + GROUPS);
        assertThat(joined.hasAttribute("pwdAccountLockedTime")).isFalse();
        JsonPath trace = awaitTraceWithOutcome(hired);
        assertThat(trace.getString("cause.type")).isEqualTo("hr.worker.hired");
        assertThat(trace.getString("outcomes[0].payload.status")).isEqualTo("APPLIED");
        assertThat(trace.getList("outcomes[0].payload.changes.kind", String.class)).contains("ACCOUNT_CREATED", "GROUP_ADDED");

        post("hr.worker.updated", workerId, """
                {"workerId":"%s","givenName":"Zoë","familyName":"O'Brien-Łukasz","workerType":"EMPLOYEE",
                 "department":"Sales","jobTitle":"Sales Engineer","startDate":"%s","effectiveDate":"%s"}"""
                .formatted(workerId, yesterday, yesterday));
        SearchResultEntry moved = awaitEntry(workerId, entry -> entry.hasAttributeValue("memberOf", "cn=sales" + GROUPS));
        assertThat(moved.getAttributeValues("memberOf")).containsExactlyInAnyOrder(
                "cn=all-staff" + GROUPS, "cn=sales" + GROUPS);
        assertThat(moved.getAttributeValue("title")).isEqualTo("Sales Engineer");
        assertThat(moved.getAttributeValue("uid")).isEqualTo(joined.getAttributeValue("uid"));

        post("hr.worker.terminated", workerId, """
                {"workerId":"%s","effectiveDate":"%s","reason":"resignation"}""".formatted(workerId, yesterday));
        SearchResultEntry left = awaitEntry(workerId, entry -> entry.hasAttribute("pwdAccountLockedTime"));
        assertThat(left.getAttributeValue("pwdAccountLockedTime")).isEqualTo("000001010000Z");
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

    private static JsonPath awaitTraceWithOutcome(String eventId) {
        return await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(
                () -> given().auth().oauth2(Stack.token("audit-reader"))
                        .get(Stack.AUDIT + "/api/v1/audit/trace/" + eventId).then().extract().jsonPath(),
                trace -> trace.getList("outcomes") != null && !trace.getList("outcomes").isEmpty());
    }
}
