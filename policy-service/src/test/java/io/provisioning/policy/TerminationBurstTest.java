package io.provisioning.policy;

import static io.provisioning.policy.HrStory.commands;
import static io.provisioning.policy.HrStory.dated;
import static io.provisioning.policy.HrStory.identity;
import static io.provisioning.policy.HrStory.newWorker;
import static io.provisioning.policy.HrStory.publish;
import static io.provisioning.policy.HrStory.worker;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import io.provisioning.contracts.Topics;
import io.provisioning.contracts.command.AccountState;
import io.provisioning.testsupport.EmbeddedPostgresResource;
import io.provisioning.testsupport.InJvmKafka;
import io.provisioning.testsupport.KafkaResource;
import io.provisioning.testsupport.Roles;
import io.provisioning.testsupport.TestTokens;
import io.provisioning.testsupport.TopicProbe;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The termination-burst guard with a threshold of 5 terminations an hour: below it nothing
 * changes; above it terminations wait in a hold until an operator approves (applied) or rejects
 * (ignored, on the trail) them. The tests run in order: each decision restarts the window.
 */
@QuarkusTest
@TestProfile(TerminationBurstTest.GuardOn.class)
@WithTestResource(value = KafkaResource.class, initArgs = @ResourceArg(name = "targets", value = "corp-ldap"))
@WithTestResource(EmbeddedPostgresResource.class)
@WithTestResource(OidcWiremockTestResource.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TerminationBurstTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String OPERATOR = TestTokens.withRoles("olivia", Roles.OPERATOR);
    private static final String AUDITOR = TestTokens.withRoles("carol", Roles.AUDITOR);
    private static final String PUBLISHER = TestTokens.withRoles("hris", Roles.HR_PUBLISHER);
    private static final int THRESHOLD = 5;

    /** The guard on, with a count small enough for a test; the share of active identities lets it decide. */
    public static class GuardOn implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("provisioning.policy.guard.termination-burst.enabled", "true",
                    "provisioning.policy.guard.termination-burst.max-share", "1.0",
                    "provisioning.policy.guard.termination-burst.max-count", String.valueOf(THRESHOLD),
                    "provisioning.policy.guard.termination-burst.window", "PT1H");
        }
    }

    @Inject
    MutableClock clock;

    @Test
    @Order(1)
    void terminationsUpToTheThresholdAreAppliedAndTheRestWaitForAnOperatorWhoApprovesThem() {
        List<String> workers = hire(12, "B");
        Instant left = clock.instant();
        for (String w : workers) {
            publish("hr.worker.terminated", w, left, dated(w, today()));
        }

        await().atMost(WAIT).untilAsserted(() -> assertThat(workers.stream()
                .filter(w -> identity(w).getList("heldTerminations").size() == 1)).hasSize(12 - THRESHOLD));
        assertThat(workers.stream().filter(w -> identity(w).getString("lifecycle").equals("TERMINATED")))
                .hasSize(THRESHOLD);
        List<String> held = workers.stream().filter(w -> identity(w).getString("lifecycle").equals("ACTIVE")).toList();
        assertThat(held).hasSize(12 - THRESHOLD).allSatisfy(w -> {
            assertThat(lastState(w)).isEqualTo(AccountState.PRESENT);
            assertThat(identity(w).getList("history.kind")).contains("HELD");
        });

        JsonPath hold = openHold();
        String holdId = hold.getString("holdId");
        given().auth().oauth2(AUDITOR).get("/api/v1/termination-holds/guard").then().statusCode(200)
                .body("enabled", equalTo(true)).body("maxCount", equalTo(THRESHOLD)).body("window", equalTo("PT1H"))
                .body("admittedInWindow", equalTo(THRESHOLD)).body("threshold", equalTo(THRESHOLD))
                .body("openHold", equalTo(holdId));
        assertThat(hold.getInt("held")).isEqualTo(12 - THRESHOLD);
        assertThat(hold.getInt("threshold")).isEqualTo(THRESHOLD);
        assertThat(hold.getInt("admittedInWindow")).isEqualTo(THRESHOLD);
        JsonPath detail = given().auth().oauth2(AUDITOR).get("/api/v1/termination-holds/" + holdId)
                .then().statusCode(200).extract().jsonPath();
        assertThat(detail.getList("terminations.workerId", String.class)).containsExactlyInAnyOrderElementsOf(held);
        await().atMost(WAIT).untilAsserted(() -> assertThat(policyChanges())
                .anyMatch(r -> r.contains("\"type\":\"termination-hold.decision\"") && r.contains("\"decision\":\"HELD\"")
                        && r.contains(holdId))
                .anyMatch(r -> r.contains("\"type\":\"hr.termination-held\"") && r.contains(held.get(0))));

        given().auth().oauth2(OPERATOR).post("/api/v1/termination-holds/" + holdId + "/approve")
                .then().statusCode(200).body("status", equalTo("APPROVED")).body("decidedBy", equalTo("olivia"));

        await().atMost(WAIT).untilAsserted(() -> assertThat(held).allSatisfy(w -> {
            assertThat(identity(w).getString("lifecycle")).isEqualTo("TERMINATED");
            assertThat(lastState(w)).isEqualTo(AccountState.DISABLED);
        }));
        await().atMost(WAIT).untilAsserted(() -> given().auth().oauth2(OPERATOR)
                .get("/api/v1/termination-holds/" + holdId).then().body("hold.status", equalTo("APPLIED"))
                .body("hold.pending", equalTo(0)));
        assertThat(held).allSatisfy(w -> assertThat(identity(w).getList("heldTerminations")).isEmpty());
        await().atMost(WAIT).untilAsserted(() -> assertThat(policyChanges()).anyMatch(r ->
                r.contains("\"decision\":\"APPROVED\"") && r.contains(holdId) && r.contains("\"actor\":\"olivia\"")));
        // the decision restarted the window
        given().auth().oauth2(OPERATOR).get("/api/v1/termination-holds/guard").then().statusCode(200)
                .body("admittedInWindow", equalTo(0)).body("openHold", org.hamcrest.Matchers.nullValue());
        given().auth().oauth2(OPERATOR).post("/api/v1/termination-holds/" + holdId + "/reject")
                .then().statusCode(409).contentType("application/problem+json");
        given().auth().oauth2(OPERATOR).get("/q/metrics").then().statusCode(200)
                .body(org.hamcrest.Matchers.containsString("result=\"held\""));
    }

    @Test
    @Order(2)
    void aRejectedHoldTerminatesNobodyAndEachIgnoredEventIsOnTheTrail() {
        List<String> workers = hire(THRESHOLD + 3, "R");
        Instant left = clock.instant();
        for (String w : workers) {
            publish("hr.worker.terminated", w, left, dated(w, today()));
        }
        await().atMost(WAIT).untilAsserted(() -> assertThat(workers.stream()
                .filter(w -> identity(w).getList("heldTerminations").size() == 1)).hasSize(3));
        List<String> held = workers.stream().filter(w -> identity(w).getString("lifecycle").equals("ACTIVE")).toList();
        String holdId = openHold().getString("holdId");

        given().auth().oauth2(AUDITOR).post("/api/v1/termination-holds/" + holdId + "/reject").then().statusCode(403);
        given().auth().oauth2(PUBLISHER).post("/api/v1/termination-holds/" + holdId + "/approve").then().statusCode(403);
        given().post("/api/v1/termination-holds/" + holdId + "/approve").then().statusCode(401);
        given().auth().oauth2(OPERATOR).post("/api/v1/termination-holds/" + holdId + "/reject")
                .then().statusCode(200).body("status", equalTo("REJECTED"));

        await().atMost(WAIT).untilAsserted(() -> assertThat(held).allSatisfy(w ->
                assertThat(identity(w).getList("ignoredEvents.reason", String.class)).singleElement().asString()
                        .contains("rejected by olivia")));
        assertThat(held).allSatisfy(w -> {
            assertThat(identity(w).getString("lifecycle")).isEqualTo("ACTIVE");
            assertThat(lastState(w)).isEqualTo(AccountState.PRESENT);
            assertThat(identity(w).getList("heldTerminations")).isEmpty();
        });
        await().atMost(WAIT).untilAsserted(() -> assertThat(policyChanges()).anyMatch(r ->
                r.contains("\"type\":\"hr.event-ignored\"") && r.contains(held.get(0)) && r.contains("rejected by olivia")));
        given().auth().oauth2(OPERATOR).get("/api/v1/termination-holds?status=REJECTED").then().statusCode(200)
                .body("items.holdId", org.hamcrest.Matchers.hasItem(holdId));
    }

    @Test
    @Order(3)
    void aHeldTerminationOvertakenByALaterChangeIsStaleWhenApproved() {
        // the window restarted at the last decision: the threshold's worth first, then one to hold
        List<String> workers = hire(THRESHOLD + 1, "L");
        Instant left = clock.instant();
        for (String w : workers) {
            publish("hr.worker.terminated", w, left, dated(w, today()));
        }
        // which one waits depends on the order the partitions are consumed in
        String late = await().atMost(WAIT).until(() -> workers.stream()
                .filter(w -> identity(w).getList("heldTerminations").size() == 1).findFirst().orElse(null),
                java.util.Objects::nonNull);
        publish("hr.worker.updated", late, left.plusSeconds(60),
                worker(late, "Lee", "Later", "EMPLOYEE", "Legal", today().minusDays(30), null, null));
        await().atMost(WAIT).until(() -> "Legal".equals(identity(late).getString("attributes.department")));

        given().auth().oauth2(OPERATOR).post("/api/v1/termination-holds/" + openHold().getString("holdId") + "/approve")
                .then().statusCode(200);

        await().atMost(WAIT).untilAsserted(() -> assertThat(identity(late).getList("ignoredEvents.reason", String.class))
                .singleElement().asString().contains("older than the last change applied"));
        assertThat(identity(late).getString("lifecycle")).isEqualTo("ACTIVE");
    }

    @Test
    @Order(4)
    void aSnapshotsTerminationsAreNotHeldAndPublishersCannotPoseAsASnapshot() {
        List<String> workers = hire(THRESHOLD + 2, "S");
        Instant left = clock.instant();
        String snapshotId = UUID.randomUUID().toString();
        for (String w : workers) {
            TopicProbe.publish(InJvmKafka.bootstrapServers(), Topics.HR_EVENTS, w, """
                    {"specversion":"1.0","id":"snapshot:%s:%s","source":"urn:hr-snapshot:workday","type":"hr.worker.terminated",
                     "subject":"%s","time":"%s","data":%s}""".formatted(snapshotId, w, w, left, dated(w, today())));
        }
        await().atMost(WAIT).untilAsserted(() -> assertThat(workers)
                .allSatisfy(w -> assertThat(identity(w).getString("lifecycle")).isEqualTo("TERMINATED")));
        given().auth().oauth2(OPERATOR).get("/api/v1/termination-holds?status=HELD").then().statusCode(200)
                .body("items.size()", equalTo(0));
    }

    @Test
    @Order(5)
    void badQueriesAndUnknownHoldsAreProblems() {
        given().auth().oauth2(OPERATOR).get("/api/v1/termination-holds?status=MAYBE&size=0").then().statusCode(400)
                .contentType("application/problem+json")
                .body("errors.pointer", org.hamcrest.Matchers.containsInAnyOrder("/status", "/size"));
        given().auth().oauth2(OPERATOR).get("/api/v1/termination-holds/" + UUID.randomUUID()).then().statusCode(404);
        given().auth().oauth2(OPERATOR).post("/api/v1/termination-holds/not-a-uuid/approve").then().statusCode(404);
        given().auth().oauth2(PUBLISHER).get("/api/v1/termination-holds").then().statusCode(403);
    }

    @Test
    @Order(6)
    void anAllowanceLetsAnAnnouncedMassLeavingThroughUntilItIsWithdrawn() {
        JsonPath before = guard();
        assertThat(before.getString("openHold")).isNull();
        int room = Math.max(0, before.getInt("threshold") - before.getInt("admittedInWindow"));
        int leaving = 2 * THRESHOLD + 2;
        int allowed = leaving - room;
        List<String> workers = hire(leaving, "A");
        String allowanceId = given().auth().oauth2(OPERATOR).contentType("application/json")
                .body(Map.of("terminations", allowed, "until", clock.instant().plus(Duration.ofHours(2)).toString(),
                        "reason", "Lyon site closes"))
                .post("/api/v1/termination-holds/allowances").then().statusCode(201)
                .header("Location", org.hamcrest.Matchers.containsString("/api/v1/termination-holds/allowances/"))
                .body("grantedBy", equalTo("olivia")).body("inForce", equalTo(true))
                .body("terminations", equalTo(allowed)).extract().path("allowanceId");
        assertThat(guard().getInt("allowed")).isEqualTo(allowed);
        assertThat(guard().getInt("threshold")).isEqualTo(THRESHOLD + allowed);

        Instant left = clock.instant();
        for (String w : workers) {
            publish("hr.worker.terminated", w, left, dated(w, today()));
        }

        await().atMost(WAIT).untilAsserted(() -> assertThat(workers).allSatisfy(w -> {
            assertThat(identity(w).getString("lifecycle")).isEqualTo("TERMINATED");
            assertThat(lastState(w)).isEqualTo(AccountState.DISABLED);
        }));
        assertThat(workers).allSatisfy(w -> assertThat(identity(w).getList("heldTerminations")).isEmpty());
        assertThat(guard().getString("openHold")).isNull();
        await().atMost(WAIT).untilAsserted(() -> assertThat(policyChanges()).anyMatch(r ->
                r.contains("\"action\":\"termination-allowance.granted\"") && r.contains(allowanceId)
                        && r.contains("Lyon site closes") && r.contains("\"actor\":\"olivia\"")));
        given().auth().oauth2(AUDITOR).get("/api/v1/termination-holds/allowances?active=true").then().statusCode(200)
                .body("items.allowanceId", org.hamcrest.Matchers.hasItem(allowanceId));

        // withdrawn: the settings' threshold again, and the window is past it, so the next one waits
        given().auth().oauth2(OPERATOR).delete("/api/v1/termination-holds/allowances/" + allowanceId).then()
                .statusCode(200).body("withdrawnBy", equalTo("olivia")).body("inForce", equalTo(false));
        given().auth().oauth2(OPERATOR).delete("/api/v1/termination-holds/allowances/" + allowanceId).then()
                .statusCode(409).contentType("application/problem+json");
        assertThat(guard().getInt("allowed")).isZero();
        given().auth().oauth2(AUDITOR).get("/api/v1/termination-holds/allowances?active=true").then().statusCode(200)
                .body("items.allowanceId", org.hamcrest.Matchers.not(org.hamcrest.Matchers.hasItem(allowanceId)));
        String after = hire(1, "A").get(0);
        publish("hr.worker.terminated", after, clock.instant(), dated(after, today()));
        await().atMost(WAIT).untilAsserted(() -> assertThat(identity(after).getList("heldTerminations")).hasSize(1));
        await().atMost(WAIT).untilAsserted(() -> assertThat(policyChanges()).anyMatch(r ->
                r.contains("\"action\":\"termination-allowance.withdrawn\"") && r.contains(allowanceId)));
        given().auth().oauth2(OPERATOR).post("/api/v1/termination-holds/" + openHold().getString("holdId") + "/approve")
                .then().statusCode(200);
        await().atMost(WAIT).until(() -> "TERMINATED".equals(identity(after).getString("lifecycle")));
    }

    @Test
    @Order(7)
    void allowancesAreValidatedAndOnlyOperatorsGrantOrWithdrawThem() {
        String path = "/api/v1/termination-holds/allowances";
        given().auth().oauth2(OPERATOR).contentType("application/json").body("{}").post(path).then().statusCode(400)
                .contentType("application/problem+json")
                .body("errors.pointer", org.hamcrest.Matchers.containsInAnyOrder("/terminations", "/until", "/reason"));
        given().auth().oauth2(OPERATOR).contentType("application/json")
                .body(Map.of("terminations", 0, "until", clock.instant().minusSeconds(1).toString(), "reason", " "))
                .post(path).then().statusCode(400)
                .body("errors.pointer", org.hamcrest.Matchers.containsInAnyOrder("/terminations", "/until", "/reason"));
        given().auth().oauth2(OPERATOR).contentType("application/json")
                .body(Map.of("terminations", 10, "until", clock.instant().plus(Duration.ofDays(8)).toString(),
                        "reason", "x".repeat(501)))
                .post(path).then().statusCode(400)
                .body("errors.pointer", org.hamcrest.Matchers.containsInAnyOrder("/until", "/reason"));
        given().auth().oauth2(OPERATOR).contentType("application/json").body("{\"terminations\": ").post(path)
                .then().statusCode(400).contentType("application/problem+json");
        Map<String, Object> valid = Map.of("terminations", 10, "until",
                clock.instant().plus(Duration.ofHours(1)).toString(), "reason", "reorganisation");
        given().auth().oauth2(AUDITOR).contentType("application/json").body(valid).post(path).then().statusCode(403);
        given().auth().oauth2(PUBLISHER).contentType("application/json").body(valid).post(path).then().statusCode(403);
        given().contentType("application/json").body(valid).post(path).then().statusCode(401);
        given().auth().oauth2(AUDITOR).get(path).then().statusCode(200);
        given().auth().oauth2(PUBLISHER).get(path).then().statusCode(403);
        given().auth().oauth2(OPERATOR).get(path + "/" + UUID.randomUUID()).then().statusCode(404);
        given().auth().oauth2(OPERATOR).delete(path + "/" + UUID.randomUUID()).then().statusCode(404);
        given().auth().oauth2(OPERATOR).delete(path + "/not-a-uuid").then().statusCode(404);
        given().auth().oauth2(AUDITOR).get(path + "/not-a-uuid").then().statusCode(404)
                .contentType("application/problem+json");
        given().auth().oauth2(AUDITOR).queryParam("page", -1).queryParam("size", 1001).get(path).then().statusCode(400)
                .contentType("application/problem+json")
                .body("errors.pointer", org.hamcrest.Matchers.containsInAnyOrder("/page", "/size"));
        given().auth().oauth2(AUDITOR).queryParam("status", "OPEN").queryParam("size", 0)
                .get("/api/v1/termination-holds").then().statusCode(400)
                .body("errors.pointer", org.hamcrest.Matchers.containsInAnyOrder("/status", "/size"));
        given().auth().oauth2(AUDITOR).delete(path + "/" + UUID.randomUUID()).then().statusCode(403);
        assertThat(guard().getInt("allowed")).as("nothing refused was granted").isZero();
    }

    private static JsonPath guard() {
        return given().auth().oauth2(OPERATOR).get("/api/v1/termination-holds/guard").then().statusCode(200)
                .extract().jsonPath();
    }

    private List<String> hire(int count, String prefix) {
        List<String> workers = new ArrayList<>();
        Instant hired = clock.instant().minusSeconds(600);
        for (int i = 0; i < count; i++) {
            String w = newWorker(prefix);
            workers.add(w);
            publish("hr.worker.hired", w, hired, worker(w, "Bo", "Burst", "EMPLOYEE", "Sales", today().minusDays(30),
                    null, null));
        }
        await().atMost(WAIT).untilAsserted(() -> assertThat(workers)
                .allSatisfy(w -> assertThat(identity(w).getString("lifecycle")).isEqualTo("ACTIVE")));
        return workers;
    }

    private static JsonPath openHold() {
        JsonPath page = given().auth().oauth2(OPERATOR).get("/api/v1/termination-holds?status=HELD")
                .then().statusCode(200).extract().jsonPath();
        assertThat(page.getList("items")).hasSize(1);
        return new JsonPath(page.prettify()).setRootPath("items[0]");
    }

    private static AccountState lastState(String workerId) {
        var commands = commands(workerId);
        return commands.get(commands.size() - 1).state();
    }

    private static List<String> policyChanges() {
        return TopicProbe.readAll(InJvmKafka.bootstrapServers(), Topics.POLICY_CHANGES).stream()
                .map(r -> r.value()).toList();
    }

    private LocalDate today() {
        return LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
    }
}
