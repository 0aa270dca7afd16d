package io.provisioning.systemtests;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.SearchScope;
import io.restassured.path.json.JsonPath;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A burst of terminations through the whole stack with the guard's defaults (the smaller of 5 % of
 * active identities and 500 within an hour): those the window admits are locked in OpenLDAP at
 * once, the rest keep their access until an operator decides; approved, they are locked too;
 * rejected, they keep it, and the trail says why.
 */
class TerminationBurstIT {

    private static final String PEOPLE = "ou=people,dc=example,dc=com";
    private static final int BEYOND = 30;

    @Test
    void terminationsBeyondTheGuardWaitForAnOperatorWhoseApprovalLocksThemAndWhoseRejectionKeepsThemEnabled()
            throws Exception {
        assertThat(HeldTerminations.heldHolds()).as("a hold left open before this test").isEmpty();

        // approved: the window's room is applied at once, the rest waits, then is applied
        Burst approved = burst("TBA");
        JsonPath hold = approved.hold();
        // the window let exactly its threshold through, and nothing beyond it
        assertThat(hold.getInt("admittedInWindow")).isEqualTo(hold.getInt("threshold"));
        assertThat(hold.getInt("held")).isEqualTo(approved.workers().size() - approved.lockedAtOnce()).isPositive();
        assertThat(identity(approved.heldWorker()).getString("lifecycle")).isEqualTo("ACTIVE");
        assertThat(identity(approved.heldWorker()).getList("heldTerminations.holdId"))
                .containsExactly(hold.getString("holdId"));
        given().auth().oauth2(Stack.token("audit-reader")).post(Stack.POLICY + "/api/v1/termination-holds/"
                + hold.getString("holdId") + "/approve").then().statusCode(403);

        given().auth().oauth2(Stack.token("ops-console"))
                .post(Stack.POLICY + "/api/v1/termination-holds/" + hold.getString("holdId") + "/approve")
                .then().statusCode(200);
        assertThat(awaitLocked(approved.prefix(), approved.workers().size())).isEqualTo(approved.workers().size());
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).until(() ->
                identity(approved.heldWorker()).getString("lifecycle").equals("TERMINATED"));

        // rejected: the decision restarted the window; the burst beyond it is never applied
        Burst rejected = burst("TBR");
        String rejectedHold = rejected.hold().getString("holdId");
        given().auth().oauth2(Stack.token("ops-console"))
                .post(Stack.POLICY + "/api/v1/termination-holds/" + rejectedHold + "/reject")
                .then().statusCode(200);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).until(() ->
                identity(rejected.heldWorker()).getList("ignoredEvents.reason", String.class).stream()
                        .anyMatch(r -> r.contains("rejected by")));
        assertThat(identity(rejected.heldWorker()).getString("lifecycle")).isEqualTo("ACTIVE");
        assertThat(directoryCount("(&(employeeNumber=" + rejected.prefix() + "*)(pwdAccountLockedTime=*))"))
                .as("locked after the rejection").isEqualTo(rejected.lockedAtOnce());
        assertThat(directoryCount("(&(employeeNumber=" + rejected.prefix() + "*)(!(pwdAccountLockedTime=*)))"))
                .as("still enabled after the rejection").isEqualTo(rejected.hired() - rejected.lockedAtOnce());
        System.out.printf("termination burst: %d applied at once, %d held and approved; then %d applied at once,"
                        + " %d held and rejected (threshold %d)%n", approved.lockedAtOnce(),
                approved.workers().size() - approved.lockedAtOnce(), rejected.lockedAtOnce(),
                rejected.workers().size() - rejected.lockedAtOnce(), rejected.hold().getInt("threshold"));
    }

    /**
     * Hires enough workers to exceed the guard's room, terminates them all within a few seconds, and
     * waits until the window's room is locked in OpenLDAP and the rest is in the hold.
     */
    private Burst burst(String tag) throws Exception {
        String prefix = tag + "-" + UUID.randomUUID().toString().substring(0, 6) + "-";
        String start = LocalDate.now(ZoneOffset.UTC).minusDays(30).toString();
        // the threshold grows with the workforce: hire, then read the room the window has left
        int count = Math.min(500, HeldTerminations.guard().getInt("threshold") + 50) + BEYOND;
        List<String> workers = new ArrayList<>();
        List<String> hires = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            workers.add(prefix + i);
            hires.add(event("hr.worker.hired", prefix + i, Instant.now(), """
                    {"workerId":"%s","givenName":"Bo","familyName":"Burst","workerType":"EMPLOYEE","department":"Legal",
                     "jobTitle":"Clerk","startDate":"%s"}""".formatted(prefix + i, start)));
        }
        post(hires);
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1))
                .until(() -> directoryCount("(&(employeeNumber=" + prefix + "*)(!(pwdAccountLockedTime=*)))") == count);
        JsonPath guard = HeldTerminations.guard();
        int room = Math.max(0, guard.getInt("threshold") - guard.getInt("admittedInWindow"));
        List<String> leaving = workers.subList(0, Math.min(count, room + BEYOND));

        List<String> terminations = new ArrayList<>();
        for (String worker : leaving) {
            terminations.add(event("hr.worker.terminated", worker, Instant.now(),
                    "{\"workerId\":\"%s\",\"effectiveDate\":\"%s\"}".formatted(worker, LocalDate.now(ZoneOffset.UTC))));
        }
        post(terminations);
        int admittedBefore = guard.getInt("admittedInWindow");
        // the hold has everything once what it holds and what the window admitted make the whole burst
        JsonPath hold = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1))
                .until(TerminationBurstIT::openHold, h -> h != null
                        && h.getInt("held") + h.getInt("admittedInWindow") - admittedBefore == leaving.size());
        int locked = awaitLocked(prefix, hold.getInt("admittedInWindow") - admittedBefore);
        // nothing held is applied while the hold waits
        assertThat(directoryCount("(&(employeeNumber=" + prefix + "*)(pwdAccountLockedTime=*))")).isEqualTo(locked);
        return new Burst(prefix, count, List.copyOf(leaving), admittedBefore, locked, firstHeld(hold), hold);
    }

    /** hired: every worker the burst hired; workers: those it terminated. */
    private record Burst(String prefix, int hired, List<String> workers, int admittedBefore, int lockedAtOnce, String heldWorker,
                         JsonPath hold) {
    }

    /** The hold collecting terminations now; null if none. */
    private static JsonPath openHold() {
        List<String> open = HeldTerminations.heldHolds();
        if (open.size() != 1) {
            return null;
        }
        return given().auth().oauth2(Stack.token("ops-console"))
                .get(Stack.POLICY + "/api/v1/termination-holds/" + open.get(0)).then().statusCode(200)
                .extract().jsonPath().setRootPath("hold");
    }

    /** The worker of the hold's first termination. */
    private static String firstHeld(JsonPath hold) {
        return given().auth().oauth2(Stack.token("ops-console")).queryParam("size", 1)
                .get(Stack.POLICY + "/api/v1/termination-holds/" + hold.getString("holdId")).then().statusCode(200)
                .extract().jsonPath().getString("terminations[0].workerId");
    }

    private static int awaitLocked(String prefix, int expected) {
        return await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1))
                .until(() -> directoryCount("(&(employeeNumber=" + prefix + "*)(pwdAccountLockedTime=*))"),
                        n -> n == expected);
    }

    private static JsonPath identity(String workerId) {
        return given().auth().oauth2(Stack.token("ops-console")).get(Stack.POLICY + "/api/v1/identities/" + workerId)
                .then().statusCode(200).extract().jsonPath();
    }

    private static int directoryCount(String filter) throws Exception {
        try (LDAPConnection ldap = new LDAPConnection(Stack.LDAP_HOST, Stack.LDAP_PORT,
                "cn=admin,dc=example,dc=com", "admin")) {
            return ldap.search(PEOPLE, SearchScope.ONE, Filter.create(filter), "1.1").getEntryCount();
        }
    }

    private static String event(String type, String worker, Instant time, String data) {
        return """
                {"specversion":"1.0","id":"%s","source":"urn:hris:system-test","type":"%s","subject":"%s",
                 "time":"%s","datacontenttype":"application/json","data":%s}"""
                .formatted(UUID.randomUUID(), type, worker, time, data);
    }

    private static void post(List<String> events) {
        for (int from = 0; from < events.size(); from += 1000) {
            List<String> batch = events.subList(from, Math.min(events.size(), from + 1000));
            given().auth().oauth2(Stack.token("hris-publisher")).contentType("application/cloudevents-batch+json")
                    .body(("[" + String.join(",", batch) + "]").getBytes(StandardCharsets.UTF_8))
                    .post(Stack.INGEST + "/api/v1/hr-events").then().statusCode(202);
        }
    }
}
