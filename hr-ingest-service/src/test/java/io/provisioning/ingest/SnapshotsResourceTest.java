package io.provisioning.ingest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
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
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(KafkaResource.class)
@WithTestResource(EmbeddedPostgresResource.class)
@WithTestResource(OidcWiremockTestResource.class)
class SnapshotsResourceTest {

    private static final String PUBLISHER = TestTokens.withRoles("workday", Roles.HR_PUBLISHER);
    private static final String OPERATOR = TestTokens.withRoles("alice", Roles.OPERATOR);
    private static final String HEADER = "workerId,givenName,familyName,workerType,department,jobTitle,startDate,endDate";

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
