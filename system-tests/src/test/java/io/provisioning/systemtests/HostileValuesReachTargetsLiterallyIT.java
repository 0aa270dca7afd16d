package io.provisioning.systemtests;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SearchScope;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Values that are valid HR data but hostile to a naive target (an LDAP filter and DN in a job
 * title, apostrophes in names, a spreadsheet formula as an event id) reach the directory, the
 * legacy application's tables and the audit export as literal text: no filter widened, no DN
 * injected, no SQL run, no formula left live in a CSV cell.
 */
class HostileValuesReachTargetsLiterallyIT {

    private static final String LEGACY_DB = "jdbc:postgresql://127.0.0.1:15432/legacy";

    @Test
    void hostileButValidValuesAreStoredLiterallyInEveryTargetAndNeutralisedInTheCsvExport() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String workerId = "HV-" + run;
        // unique to this run, so that exactly one entry may match it
        String title = "*)(uid=*),ou=people,dc=example,dc=com #" + run;
        String family = "D'Arcy-O'Neil";
        String eventId = "=HYPERLINK(\"http://evil.example/x\")-" + UUID.randomUUID();
        Instant before = Instant.now().minusSeconds(1);
        String yesterday = LocalDate.now(ZoneOffset.UTC).minusDays(1).toString();

        given().auth().oauth2(Stack.token("hris-publisher")).contentType("application/cloudevents+json")
                .body("""
                        {"specversion":"1.0","id":"%s","source":"urn:hris:hostile","type":"hr.worker.hired","subject":"%s",
                         "time":"%s","data":{"workerId":"%s","givenName":"Dara","familyName":"%s","workerType":"EMPLOYEE",
                         "department":"Finance","jobTitle":"%s","startDate":"%s"}}"""
                        .formatted(eventId.replace("\"", "\\\""), workerId, Instant.now(), workerId, family, title, yesterday))
                .post(Stack.INGEST + "/api/v1/hr-events")
                .then().statusCode(202);

        SearchResultEntry entry = await().atMost(Duration.ofSeconds(60)).until(() -> entry(workerId), e -> e != null);
        assertThat(entry.getAttributeValue("title")).isEqualTo(title);
        assertThat(entry.getAttributeValue("sn")).isEqualTo(family);
        assertThat(entry.getParsedDN().getParent().toString()).isEqualTo("ou=people,dc=example,dc=com");
        assertThat(entry.getAttributeValue("uid")).matches("[a-z0-9]+");
        assertThat(entriesWithTitle(title)).as("the title filter matches its one entry, nothing wider").isEqualTo(1);

        try (Connection db = DriverManager.getConnection(LEGACY_DB, "legacy_app", "legacy_app")) {
            await().atMost(Duration.ofSeconds(60)).until(() -> legacyDisplayName(db, workerId) != null);
            assertThat(legacyDisplayName(db, workerId)).isEqualTo("Dara " + family);
        }

        String trail = await().atMost(Duration.ofSeconds(60)).until(() -> given()
                .auth().oauth2(Stack.token("audit-reader"))
                .get(Stack.AUDIT + "/api/v1/audit/export?format=csv&from=" + before)
                .then().statusCode(200).extract().asString(), csv -> csv.contains(workerId));
        List<String> lines = trail.lines().filter(line -> line.contains(workerId) && line.contains("hr.worker.hired")).toList();
        assertThat(lines).isNotEmpty().allSatisfy(line -> {
            assertThat(line).contains("'=HYPERLINK");
            assertThat(line).doesNotContain(",=HYPERLINK").doesNotContain(",\"=HYPERLINK");
        });
    }

    private static SearchResultEntry entry(String workerId) throws Exception {
        try (LDAPConnection ldap = new LDAPConnection(Stack.LDAP_HOST, Stack.LDAP_PORT, "cn=admin,dc=example,dc=com", "admin")) {
            return ldap.searchForEntry("ou=people,dc=example,dc=com", SearchScope.ONE,
                    Filter.createEqualityFilter("employeeNumber", workerId), "uid", "title", "sn");
        }
    }

    private static int entriesWithTitle(String title) throws Exception {
        try (LDAPConnection ldap = new LDAPConnection(Stack.LDAP_HOST, Stack.LDAP_PORT, "cn=admin,dc=example,dc=com", "admin")) {
            return ldap.search("ou=people,dc=example,dc=com", SearchScope.ONE, Filter.createEqualityFilter("title", title), "uid")
                    .getEntryCount();
        }
    }

    private static String legacyDisplayName(Connection db, String workerId) throws Exception {
        try (PreparedStatement query = db.prepareStatement("SELECT display_name FROM app_users WHERE employee_number = ?")) {
            query.setString(1, workerId);
            try (ResultSet rows = query.executeQuery()) {
                return rows.next() ? rows.getString(1) : null;
            }
        }
    }
}
