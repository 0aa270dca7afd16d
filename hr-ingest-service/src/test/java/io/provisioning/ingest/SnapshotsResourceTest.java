package io.provisioning.ingest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import io.provisioning.contracts.Topics;
import io.provisioning.testsupport.EmbeddedPostgresResource;
import io.provisioning.testsupport.InJvmKafka;
import io.provisioning.testsupport.KafkaResource;
import io.provisioning.testsupport.Roles;
import io.provisioning.testsupport.TestTokens;
import io.provisioning.testsupport.TopicProbe;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(KafkaResource.class)
@WithTestResource(EmbeddedPostgresResource.class)
@WithTestResource(OidcWiremockTestResource.class)
class SnapshotsResourceTest {

    private static final String PUBLISHER = TestTokens.withRoles("workday", Roles.HR_PUBLISHER);
    private static final String OPERATOR = TestTokens.withRoles("alice", Roles.OPERATOR);
    private static final String AUDITOR = TestTokens.withRoles("carol", Roles.AUDITOR);
    private static final String HEADER = "workerId,givenName,familyName,workerType,department,jobTitle,startDate,endDate";

    @Inject
    DataSource dataSource;

    @Test
    void csvWithQuotesBomAndCrlfIsDiffedIntoHiredUpdatedAndTerminated() {
        String source = source();
        String first = "\uFEFF" + HEADER + "\r\n"
                + id(source, 1) + ",Ann,\"Lee, Jr.\",EMPLOYEE,Sales,\"Head of \"\"Deals\"\", EMEA\",2026-01-05,\r\n"
                + rows(source, 2, 20);
        submitCsv(source, first).then().statusCode(202)
                .body("status", equalTo("APPLIED")).body("hired", equalTo(20)).body("terminated", equalTo(0));

        // worker 2 moves to Finance, worker 20 leaves (1 of 20: under the 10 % threshold), 21 joins
        String second = HEADER + "\n" + id(source, 1) + ",Ann,\"Lee, Jr.\",EMPLOYEE,Sales,\"Head of \"\"Deals\"\", EMEA\",2026-01-05,\n"
                + rows(source, 2, 19).replace(id(source, 2) + ",Bo,Kim,EMPLOYEE,Sales", id(source, 2) + ",Bo,Kim,EMPLOYEE,Finance")
                + row(source, 21);
        submitCsv(source, second).then().statusCode(202)
                .body("status", equalTo("APPLIED")).body("hired", equalTo(1)).body("updated", equalTo(1))
                .body("terminated", equalTo(1)).body("unchanged", equalTo(18));

        List<ConsumerRecord<String, String>> events = eventsOf(source);
        assertThat(events).filteredOn(r -> r.value().contains("hr.worker.hired")).hasSize(21);
        assertThat(events).filteredOn(r -> r.value().contains("hr.worker.updated"))
                .singleElement().satisfies(r -> assertThat(r.key()).isEqualTo(id(source, 2)));
        assertThat(events).filteredOn(r -> r.value().contains("hr.worker.terminated"))
                .singleElement().satisfies(r -> assertThat(r.key()).isEqualTo(id(source, 20)));
        assertThat(events).filteredOn(r -> r.key().equals(id(source, 1)))
                .singleElement().satisfies(r -> assertThat(r.value()).contains("Head of \\\"Deals\\\", EMEA"));
    }

    @Test
    void massTerminationIsHeldUntilAnOperatorApproves() {
        String source = source();
        submitCsv(source, HEADER + "\n" + rows(source, 1, 20)).then().statusCode(202).body("status", equalTo("APPLIED"));

        String held = submitCsv(source, HEADER + "\n" + rows(source, 1, 14)).then().statusCode(202)
                .body("status", equalTo("HELD")).body("terminated", equalTo(6))
                .extract().path("snapshotId");
        assertThat(eventsOf(source)).noneMatch(r -> r.value().contains("hr.worker.terminated"));
        given().auth().oauth2(PUBLISHER).post("/api/v1/hr-snapshots/" + held + "/approve").then().statusCode(403);

        given().auth().oauth2(OPERATOR).post("/api/v1/hr-snapshots/" + held + "/approve")
                .then().statusCode(200).body("status", equalTo("APPLIED")).body("decidedBy", equalTo("alice"));

        assertThat(eventsOf(source)).filteredOn(r -> r.value().contains("hr.worker.terminated")).hasSize(6);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
                TopicProbe.readAll(InJvmKafka.bootstrapServers(), Topics.POLICY_CHANGES))
                .filteredOn(r -> r.value().contains(held))
                .extracting(ConsumerRecord::value)
                .anySatisfy(v -> assertThat(v).contains("\"decision\":\"HELD\""))
                .anySatisfy(v -> assertThat(v).contains("\"decision\":\"APPROVED\"").contains("\"actor\":\"alice\"")));
        given().auth().oauth2(OPERATOR).post("/api/v1/hr-snapshots/" + held + "/reject")
                .then().statusCode(409).contentType(startsWith("application/problem+json"));
    }

    @Test
    void rejectedSnapshotPublishesNothingAndLeavesTheStateAsItWas() {
        String source = source();
        submitCsv(source, HEADER + "\n" + rows(source, 1, 10)).then().statusCode(202);
        String held = submitCsv(source, HEADER + "\n" + rows(source, 1, 5)).then().statusCode(202)
                .body("status", equalTo("HELD")).extract().path("snapshotId");

        given().auth().oauth2(OPERATOR).post("/api/v1/hr-snapshots/" + held + "/reject")
                .then().statusCode(200).body("status", equalTo("REJECTED"));

        assertThat(eventsOf(source)).noneMatch(r -> r.value().contains("hr.worker.terminated"));
        // the next snapshot is diffed against the last applied one, not the rejected one
        submitCsv(source, HEADER + "\n" + rows(source, 1, 10)).then().statusCode(202)
                .body("status", equalTo("APPLIED")).body("unchanged", equalTo(10)).body("terminated", equalTo(0));
    }

    @Test
    void aWorkerListedAgainAfterLeavingIsRehiredAndAnUnchangedOneProducesNoEvent() {
        String source = source();
        submitCsv(source, HEADER + "\n" + rows(source, 1, 20)).then().statusCode(202).body("status", equalTo("APPLIED"));
        submitCsv(source, HEADER + "\n" + rows(source, 1, 19)).then().statusCode(202)
                .body("status", equalTo("APPLIED")).body("terminated", equalTo(1)).body("previousWorkforce", equalTo(20));

        submitCsv(source, HEADER + "\n" + rows(source, 1, 20)).then().statusCode(202)
                .body("status", equalTo("APPLIED")).body("rehired", equalTo(1)).body("hired", equalTo(0))
                .body("unchanged", equalTo(19)).body("workforce", equalTo(20)).body("previousWorkforce", equalTo(19));

        List<ConsumerRecord<String, String>> events = eventsOf(source);
        assertThat(events).filteredOn(r -> r.value().contains("hr.worker.rehired"))
                .singleElement().satisfies(r -> assertThat(r.key()).isEqualTo(id(source, 20)));
        assertThat(events).filteredOn(r -> r.key().equals(id(source, 1))).hasSize(1);
        assertThat(events).filteredOn(r -> r.value().contains("hr.worker.terminated"))
                .singleElement().satisfies(r -> assertThat(r.value()).contains("absent from snapshot"));
    }

    @Test
    void jsonArraySnapshotIsAccepted() {
        String source = source();
        String body = """
                [{"workerId":"%s","givenName":"Łukasz","familyName":"Żółw","workerType":"CONTRACTOR",
                  "department":"IT","startDate":"2026-01-01","endDate":"2026-12-31","shoeSize":44}]"""
                .formatted(id(source, 1));

        given().auth().oauth2(PUBLISHER).contentType("application/json").body(body.getBytes(StandardCharsets.UTF_8))
                .post("/api/v1/hr-snapshots?source=" + source)
                .then().statusCode(202).body("status", equalTo("APPLIED")).body("hired", equalTo(1));
    }

    @Test
    void badRowIsReportedWithItsLineAndNothingIsApplied() {
        String source = source();
        String csv = HEADER + "\n" + row(source, 1) + "\"multi\nline\",Bo,Kim,EMPLOYEE,Sales,,2026-02-30,\n";

        submitCsv(source, csv).then().statusCode(400).contentType(startsWith("application/problem+json"))
                .body("errors.line", org.hamcrest.Matchers.everyItem(equalTo(3)))
                .body("errors.pointer", org.hamcrest.Matchers.hasItems("/workerId", "/startDate"));

        assertThat(eventsOf(source)).isEmpty();
    }

    @Test
    void aCsvFieldOverSixtyFourKilobytesIsA400WithItsLineAndNothingIsApplied() {
        String source = source();
        String csv = HEADER + "\n" + row(source, 1) + id(source, 2) + ",Ann," + "L".repeat(70_000)
                + ",EMPLOYEE,Sales,,2026-01-01,\n" + row(source, 3);

        submitCsv(source, csv).then().statusCode(400).contentType(startsWith("application/problem+json"))
                .body("errors[0].line", equalTo(3))
                .body("errors[0].message", equalTo("field 3 is longer than 65536 characters"));

        assertThat(eventsOf(source)).isEmpty();
    }

    @Test
    void contractorWithoutEndDateAndDuplicateWorkerAreBothReported() {
        String source = source();
        String csv = HEADER + "\n" + id(source, 1) + ",Ann,Lee,CONTRACTOR,Sales,,2026-01-01,\n"
                + row(source, 2) + row(source, 2);

        submitCsv(source, csv).then().statusCode(400)
                .body("errors.find { it.line == 2 }.pointer", equalTo("/endDate"))
                .body("errors.find { it.line == 4 }.message", equalTo("appears twice in the snapshot"));
    }

    @Test
    void sourceIsRequiredAndUnknownSnapshotsAreNotFound() {
        given().auth().oauth2(PUBLISHER).contentType("text/csv").body(HEADER + "\n")
                .post("/api/v1/hr-snapshots").then().statusCode(400).body("errors[0].pointer", equalTo("/source"));
        given().auth().oauth2(OPERATOR).get("/api/v1/hr-snapshots/" + UUID.randomUUID()).then().statusCode(404);
        given().auth().oauth2(OPERATOR).get("/api/v1/hr-snapshots/not-a-uuid").then().statusCode(404);
        given().auth().oauth2(OPERATOR).contentType("text/csv").body(HEADER + "\n")
                .post("/api/v1/hr-snapshots?source=x").then().statusCode(403);
    }

    @Test
    void listingIsNewestFirstFilteredByStatusAndSourceAndPaged() {
        String source = source();
        String first = submitCsv(source, HEADER + "\n" + rows(source, 1, 20)).then().statusCode(202)
                .body("status", equalTo("APPLIED")).extract().path("snapshotId");
        String superseded = submitCsv(source, HEADER + "\n" + rows(source, 1, 14)).then().statusCode(202)
                .body("status", equalTo("HELD")).extract().path("snapshotId");
        String applied = submitCsv(source, HEADER + "\n" + rows(source, 1, 19)).then().statusCode(202)
                .body("status", equalTo("APPLIED")).extract().path("snapshotId");
        String held = submitCsv(source, HEADER + "\n" + rows(source, 1, 10)).then().statusCode(202)
                .body("status", equalTo("HELD")).extract().path("snapshotId");
        String other = source();
        submitCsv(other, HEADER + "\n" + rows(other, 1, 3)).then().statusCode(202);

        given().auth().oauth2(OPERATOR).queryParam("source", source).get("/api/v1/hr-snapshots")
                .then().statusCode(200)
                .body("items.snapshotId", contains(held, applied, superseded, first))
                .body("items.status", contains("HELD", "APPLIED", "SUPERSEDED", "APPLIED"))
                .body("page", equalTo(0)).body("size", equalTo(50)).body("total", equalTo(4));
        given().auth().oauth2(PUBLISHER).queryParam("source", source).queryParam("status", "applied")
                .get("/api/v1/hr-snapshots")
                .then().statusCode(200).body("items.snapshotId", contains(applied, first)).body("total", equalTo(2));
        given().auth().oauth2(OPERATOR).queryParam("source", source).queryParam("size", 2).queryParam("page", 1)
                .get("/api/v1/hr-snapshots")
                .then().statusCode(200).body("items.snapshotId", contains(superseded, first))
                .body("page", equalTo(1)).body("size", equalTo(2)).body("total", equalTo(4));
        given().auth().oauth2(OPERATOR).queryParam("source", source).queryParam("size", 2).queryParam("page", 2)
                .get("/api/v1/hr-snapshots")
                .then().statusCode(200).body("items", empty()).body("total", equalTo(4));
        given().auth().oauth2(OPERATOR).queryParam("status", "HELD").get("/api/v1/hr-snapshots")
                .then().statusCode(200).body("items.status", everyItem(equalTo("HELD")))
                .body("items.snapshotId", hasItem(held));
    }

    @Test
    void listingNamesEachInvalidParameterInA400() {
        given().auth().oauth2(OPERATOR).queryParam("status", "PENDING").queryParam("size", 501)
                .get("/api/v1/hr-snapshots")
                .then().statusCode(400).contentType(startsWith("application/problem+json"))
                .body("errors.pointer", contains("/status", "/size"));
        given().auth().oauth2(OPERATOR).queryParam("size", 0).get("/api/v1/hr-snapshots")
                .then().statusCode(400).body("errors.pointer", contains("/size"));
        given().auth().oauth2(OPERATOR).queryParam("page", -1).get("/api/v1/hr-snapshots")
                .then().statusCode(400).body("errors.pointer", contains("/page"));
        given().auth().oauth2(OPERATOR).queryParam("page", "first").get("/api/v1/hr-snapshots")
                .then().statusCode(400).body("errors.pointer", contains("/page"));
    }

    @Test
    void anAuditorMayNeitherListSnapshotsNorTheirEvents() {
        given().auth().oauth2(AUDITOR).get("/api/v1/hr-snapshots")
                .then().statusCode(403).contentType(startsWith("application/problem+json"));
        given().auth().oauth2(AUDITOR).get("/api/v1/hr-snapshots/" + UUID.randomUUID() + "/events")
                .then().statusCode(403);
    }

    @Test
    void theEventsOfAHeldSnapshotListWhoWouldBeTerminatedFilteredByType() {
        String source = source();
        submitCsv(source, HEADER + "\n" + rows(source, 1, 20)).then().statusCode(202).body("status", equalTo("APPLIED"));
        // worker 2 moves to Finance, 21 joins, 15 to 20 leave: 6 of 20 is over the threshold
        String csv = HEADER + "\n" + rows(source, 1, 14).replace(id(source, 2) + ",Bo,Kim,EMPLOYEE,Sales",
                id(source, 2) + ",Bo,Kim,EMPLOYEE,Finance") + row(source, 21);
        String held = submitCsv(source, csv).then().statusCode(202).body("status", equalTo("HELD"))
                .extract().path("snapshotId");
        String events = "/api/v1/hr-snapshots/" + held + "/events";

        given().auth().oauth2(OPERATOR).get(events).then().statusCode(200)
                .body("total", equalTo(8)).body("page", equalTo(0)).body("size", equalTo(50))
                .body("items[0].workerId", equalTo(id(source, 2))).body("items[0].type", equalTo("hr.worker.updated"))
                .body("items[1].workerId", equalTo(id(source, 21))).body("items[1].type", equalTo("hr.worker.hired"));
        given().auth().oauth2(PUBLISHER).queryParam("type", "terminated").get(events).then().statusCode(200)
                .body("total", equalTo(6))
                .body("items.workerId", contains(id(source, 15), id(source, 16), id(source, 17), id(source, 18),
                        id(source, 19), id(source, 20)))
                .body("items.type", everyItem(equalTo("hr.worker.terminated")));
        given().auth().oauth2(OPERATOR).queryParam("type", "hr.worker.terminated").queryParam("size", 4)
                .queryParam("page", 1).get(events).then().statusCode(200)
                .body("items.workerId", contains(id(source, 19), id(source, 20))).body("total", equalTo(6));
        given().auth().oauth2(OPERATOR).queryParam("type", "rehired").get(events).then().statusCode(200)
                .body("items", empty()).body("total", equalTo(0));
        given().auth().oauth2(OPERATOR).queryParam("type", "fired").queryParam("size", 1000).get(events)
                .then().statusCode(400).contentType(startsWith("application/problem+json"))
                .body("errors.pointer", contains("/type", "/size"));
    }

    @Test
    void eventsStoredAsCloudEventsBeforeTheirTypeWasAColumnAreListedWithTheirCloudEventType() throws Exception {
        String source = source();
        UUID snapshot = UUID.randomUUID();
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("INSERT INTO snapshot (snapshot_id, source, status, received_at, received_by, workforce,"
                    + " previous_workforce, hired, rehired, updated, terminated, unchanged) VALUES ('" + snapshot
                    + "', '" + source + "', 'APPLIED', now(), 'workday', 1, 1, 1, 0, 0, 1, 0)");
            s.execute("INSERT INTO snapshot_event (snapshot_id, position, worker_id, event, worker_record) VALUES"
                    + " ('" + snapshot + "', 0, '" + id(source, 1) + "', '{\"type\":\"hr.worker.hired\"}', '{}'),"
                    + " ('" + snapshot + "', 1, '" + id(source, 2) + "', '{\"type\":\"hr.worker.terminated\"}', NULL)");
        }

        given().auth().oauth2(OPERATOR).get("/api/v1/hr-snapshots/" + snapshot + "/events").then().statusCode(200)
                .body("items.type", contains("hr.worker.hired", "hr.worker.terminated")).body("total", equalTo(2));
        given().auth().oauth2(OPERATOR).queryParam("type", "TERMINATED").get("/api/v1/hr-snapshots/" + snapshot + "/events")
                .then().statusCode(200).body("items.workerId", contains(id(source, 2)));
    }

    @Test
    void theEventsOfAnUnknownSnapshotAreNotFound() {
        given().auth().oauth2(OPERATOR).get("/api/v1/hr-snapshots/" + UUID.randomUUID() + "/events")
                .then().statusCode(404).contentType(startsWith("application/problem+json"));
        given().auth().oauth2(OPERATOR).get("/api/v1/hr-snapshots/not-a-uuid/events").then().statusCode(404);
    }

    @Test
    void approvingWithACommentStoresItShowsItAndPublishesItWithTheDecision() {
        String source = source();
        String held = heldSnapshot(source);
        String comment = "Sales EMEA closed on purpose, see HR-4711";

        given().auth().oauth2(OPERATOR).contentType("application/json").body("{\"comment\": \"" + comment + "\"}")
                .post("/api/v1/hr-snapshots/" + held + "/approve")
                .then().statusCode(200).body("status", equalTo("APPLIED")).body("decidedBy", equalTo("alice"))
                .body("decisionComment", equalTo(comment));

        given().auth().oauth2(PUBLISHER).get("/api/v1/hr-snapshots/" + held)
                .then().statusCode(200).body("decisionComment", equalTo(comment));
        given().auth().oauth2(OPERATOR).queryParam("source", source).queryParam("status", "APPLIED")
                .get("/api/v1/hr-snapshots").then().statusCode(200)
                .body("items.find { it.snapshotId == '" + held + "' }.decisionComment", equalTo(comment));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
                TopicProbe.readAll(InJvmKafka.bootstrapServers(), Topics.POLICY_CHANGES))
                .filteredOn(r -> r.value().contains(held) && r.value().contains("\"decision\":\"APPROVED\""))
                .extracting(ConsumerRecord::value)
                .singleElement().satisfies(v -> assertThat(v).contains("\"type\":\"snapshot.decision\"")
                        .contains("\"actor\":\"alice\"").contains("\"comment\":\"" + comment + "\"")));
    }

    @Test
    void aCommentOverAThousandCharactersIsA400AndTheSnapshotStaysHeld() {
        String held = heldSnapshot(source());

        given().auth().oauth2(OPERATOR).contentType("application/json")
                .body("{\"comment\": \"" + "x".repeat(1001) + "\"}")
                .post("/api/v1/hr-snapshots/" + held + "/approve")
                .then().statusCode(400).contentType(startsWith("application/problem+json"))
                .body("errors.pointer", contains("/comment"));
        given().auth().oauth2(OPERATOR).contentType("application/json").body("{\"comment\": 42}")
                .post("/api/v1/hr-snapshots/" + held + "/reject")
                .then().statusCode(400).body("errors.pointer", contains("/comment"));
        given().auth().oauth2(OPERATOR).get("/api/v1/hr-snapshots/" + held)
                .then().statusCode(200).body("status", equalTo("HELD")).body("decidedBy", nullValue())
                .body("decisionComment", nullValue());

        String longest = "ü".repeat(1000);
        given().auth().oauth2(OPERATOR).contentType("application/json; charset=utf-8")
                .body(("{\"comment\": \"" + longest + "\"}").getBytes(StandardCharsets.UTF_8))
                .post("/api/v1/hr-snapshots/" + held + "/reject")
                .then().statusCode(200).body("status", equalTo("REJECTED")).body("decisionComment", equalTo(longest));
    }

    @Test
    void approvingOrRejectingWithoutABodyOrWithAnEmptyOneStillWorks() {
        String noBody = heldSnapshot(source());
        given().auth().oauth2(OPERATOR).post("/api/v1/hr-snapshots/" + noBody + "/approve")
                .then().statusCode(200).body("status", equalTo("APPLIED")).body("decisionComment", nullValue());

        String emptyBody = heldSnapshot(source());
        given().auth().oauth2(OPERATOR).contentType("application/json").body("")
                .post("/api/v1/hr-snapshots/" + emptyBody + "/approve")
                .then().statusCode(200).body("status", equalTo("APPLIED")).body("decisionComment", nullValue());

        String emptyObject = heldSnapshot(source());
        given().auth().oauth2(OPERATOR).contentType("application/json").body("{}")
                .post("/api/v1/hr-snapshots/" + emptyObject + "/reject")
                .then().statusCode(200).body("status", equalTo("REJECTED")).body("decisionComment", nullValue());
    }

    /** A source of 20 workers and its next snapshot, which would terminate 6 of them: HELD. */
    private static String heldSnapshot(String source) {
        submitCsv(source, HEADER + "\n" + rows(source, 1, 20)).then().statusCode(202).body("status", equalTo("APPLIED"));
        return submitCsv(source, HEADER + "\n" + rows(source, 1, 14)).then().statusCode(202)
                .body("status", equalTo("HELD")).extract().path("snapshotId");
    }

    private static Response submitCsv(String source, String csv) {
        return given().auth().oauth2(PUBLISHER).contentType("text/csv")
                .body(csv.getBytes(StandardCharsets.UTF_8))
                .post("/api/v1/hr-snapshots?source=" + source);
    }

    private static List<ConsumerRecord<String, String>> eventsOf(String source) {
        return TopicProbe.readAll(InJvmKafka.bootstrapServers(), Topics.HR_EVENTS).stream()
                .filter(r -> r.key() != null && r.key().startsWith(source + "-")).toList();
    }

    private static String source() {
        return "src" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static String id(String source, int n) {
        return source + "-" + n;
    }

    private static String row(String source, int n) {
        String given = n == 2 ? "Bo" : "Worker";
        String family = n == 2 ? "Kim" : "Number";
        return id(source, n) + "," + given + "," + family + ",EMPLOYEE,Sales,,2026-01-0" + (1 + n % 9) + ",\n";
    }

    private static String rows(String source, int from, int to) {
        StringBuilder rows = new StringBuilder();
        for (int n = from; n <= to; n++) {
            rows.append(row(source, n));
        }
        return rows.toString();
    }
}
