package io.provisioning.systemtests;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.restassured.path.json.JsonPath;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The audit database's owner, who can do what the service's role cannot, deletes the newest
 * records of the running stack's trail: verify (default and full) reports the trail broken at the
 * first removed record, because the signed checkpoint published on Kafka covers more than the
 * database still holds.
 *
 * <p>It leaves the stack's trail broken on purpose, so it runs after every other system test, in
 * an execution of its own (system-tests/pom.xml) that only {@code deploy/stack test} asks for
 * ({@code -Daudit-tampering.skip=false}), on the stack it starts with fresh data each run.
 */
class AuditOwnerTamperingIT {

    private static final String AUDIT_DB = "jdbc:postgresql://127.0.0.1:15432/audit";
    /** The local stack's schema owner (its demo credentials; production keeps them for migrations only). */
    private static final String OWNER = "audit";
    private static final int REMOVED = 3;

    @Test
    void theOwnerDeletingTheNewestSignedRecordsIsReportedByVerify() throws Exception {
        // the newest checkpoint published outside the database covers the head: nothing in flight
        JsonPath settled = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(
                AuditOwnerTamperingIT::verify, v -> v.getBoolean("valid") && v.getLong("records") > REMOVED
                        && v.getLong("signedCheckpointSeq") == v.getLong("records"));
        long head = settled.getLong("records");

        try (Connection owner = DriverManager.getConnection(AUDIT_DB, OWNER, OWNER);
             Statement delete = owner.createStatement()) {
            int deleted = delete.executeUpdate("DELETE FROM audit_record WHERE seq > " + (head - REMOVED));
            assertThat(deleted).isEqualTo(REMOVED);
        }

        for (String query : new String[] {"", "?full=true"}) {
            given().auth().oauth2(Stack.token("audit-reader")).get(Stack.AUDIT + "/api/v1/audit/verify" + query)
                    .then().statusCode(200)
                    .body("valid", equalTo(false))
                    .body("firstBrokenSeq", equalTo((int) (head - REMOVED + 1)))
                    .body("reason", containsString("records were removed"));
        }
    }

    private static JsonPath verify() {
        return given().auth().oauth2(Stack.token("audit-reader")).get(Stack.AUDIT + "/api/v1/audit/verify")
                .then().statusCode(200).extract().jsonPath();
    }
}
