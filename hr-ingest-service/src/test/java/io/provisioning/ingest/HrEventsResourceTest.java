package io.provisioning.ingest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.provisioning.contracts.Json;
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
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(KafkaResource.class)
@WithTestResource(EmbeddedPostgresResource.class)
@WithTestResource(OidcWiremockTestResource.class)
class HrEventsResourceTest {

    private static final ObjectMapper MAPPER = Json.mapper();
    private static final String PUBLISHER = TestTokens.withRoles("workday", Roles.HR_PUBLISHER);

    @Test
    void acceptedEventIsDurablyInHrEventsKeyedByWorker() throws IOException {
        ObjectNode event = sample("hired-employee.json", "W-" + UUID.randomUUID());
        String id = event.get("id").asText();

        post(event.toString(), "application/cloudevents+json")
                .then().statusCode(202).body("accepted", contains(id)).body("duplicates", equalTo(List.of()));

        // 202 means acknowledged: the record is on the topic without waiting
        List<ConsumerRecord<String, String>> records = TopicProbe.readAll(InJvmKafka.bootstrapServers(), Topics.HR_EVENTS);
        ConsumerRecord<String, String> published = records.stream()
                .filter(r -> r.value().contains(id)).findFirst().orElseThrow();
        assertThat(published.key()).isEqualTo(event.get("subject").asText());
        assertThat(MAPPER.readTree(published.value()).get("type").asText()).isEqualTo("hr.worker.hired");
    }

    @Test
    void resentEventIsReportedAsDuplicateAndNotPublishedAgain() throws IOException {
        ObjectNode event = sample("terminated.json", "W-" + UUID.randomUUID());
        String id = event.get("id").asText();
        post(event.toString(), "application/json").then().statusCode(202).body("accepted", contains(id));

        post(event.toString(), "application/json")
                .then().statusCode(202).body("accepted", equalTo(List.of())).body("duplicates", contains(id));

        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(TopicProbe.readAll(InJvmKafka.bootstrapServers(), Topics.HR_EVENTS).stream()
                        .filter(r -> r.value().contains(id))).hasSize(1));
    }

    @Test
    void batchWithOneInvalidEventPublishesNothingAndNamesTheField() throws IOException {
        ObjectNode valid = sample("hired-employee.json", "W-" + UUID.randomUUID());
        ObjectNode contractor = sample("hired-contractor.json", "W-" + UUID.randomUUID());
        ((ObjectNode) contractor.get("data")).remove("endDate");
        ArrayNode batch = MAPPER.createArrayNode().add(valid).add(contractor);

        post(batch.toString(), "application/cloudevents-batch+json")
                .then().statusCode(400)
                .contentType(startsWith("application/problem+json"))
                .body("status", equalTo(400))
                .body("errors[0].index", equalTo(1))
                .body("errors[0].pointer", equalTo("/data/endDate"))
                .body("errors[0].message", equalTo("is required"));

        String validId = valid.get("id").asText();
        assertThat(TopicProbe.readAll(InJvmKafka.bootstrapServers(), Topics.HR_EVENTS).stream()
                .filter(r -> r.value().contains(validId))).isEmpty();
    }

    @Test
    void duplicateIdsWithinOneBatchArePublishedOnce() throws IOException {
        ObjectNode event = sample("leave-started.json", "W-" + UUID.randomUUID());
        ArrayNode batch = MAPPER.createArrayNode().add(event).add(event.deepCopy());

        post(batch.toString(), "application/json")
                .then().statusCode(202)
                .body("accepted", contains(event.get("id").asText()))
                .body("duplicates", contains(event.get("id").asText()));
    }

    @Test
    void malformedJsonIsAProblemWithItsPosition() {
        post("{\"specversion\": \"1.0\", ", "application/json")
                .then().statusCode(400).contentType(startsWith("application/problem+json"))
                .body("title", equalTo("Malformed JSON"))
                .body("detail", startsWith("The body is not valid JSON at line 1"));
    }

    @Test
    void otherMediaTypesAreRefusedWith415() {
        post("workerId,givenName\nE1,Ann", "text/csv")
                .then().statusCode(415).contentType(startsWith("application/problem+json"));
    }

    @Test
    void batchOverTheLimitIsRefusedWith413() throws IOException {
        ArrayNode batch = MAPPER.createArrayNode();
        ObjectNode event = sample("leave-ended.json", "W-1");
        for (int i = 0; i < 1001; i++) {
            batch.add(event.deepCopy().put("id", "bulk-" + i));
        }
        post(batch.toString(), "application/json")
                .then().statusCode(413).contentType(startsWith("application/problem+json"))
                .body("detail", startsWith("A batch holds at most 1000 events"));
    }

    @Test
    void aBodyDeclaredOverFourMegabytesIsRefusedWith413BeforeItIsRead() throws IOException {
        String big = "[" + "\"x\",".repeat(1_400_000) + "\"x\"]"; // about 5.6 MB

        post(big, "application/json")
                .then().statusCode(413).contentType(startsWith("application/problem+json"))
                .body("status", equalTo(413))
                .body("detail", containsString("provisioning.ingest.max-event-body-size"));
        // the service carries on
        ObjectNode event = sample("hired-employee.json", "W-" + UUID.randomUUID());
        post(event.toString(), "application/cloudevents+json").then().statusCode(202);
    }

    @Test
    void aChunkedBodyOverFourMegabytesIsRefusedWith413AndNothingIsPublished() throws Exception {
        ObjectNode event = sample("hired-employee.json", "W-" + UUID.randomUUID());
        String id = event.get("id").asText();
        byte[] padding = " ".repeat(5 * 1024 * 1024).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] body = ("[" + event + new String(padding, java.nio.charset.StandardCharsets.UTF_8) + "]")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        // an input stream of unknown length: sent chunked, without a Content-Length
        java.net.http.HttpResponse<String> answer = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://localhost:"
                                + io.restassured.RestAssured.port + "/api/v1/hr-events"))
                        .header("Authorization", "Bearer " + PUBLISHER).header("Content-Type", "application/json")
                        .POST(java.net.http.HttpRequest.BodyPublishers.ofInputStream(
                                () -> new java.io.ByteArrayInputStream(body))).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());

        assertThat(answer.statusCode()).isEqualTo(413);
        assertThat(answer.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(TopicProbe.readAll(InJvmKafka.bootstrapServers(), Topics.HR_EVENTS).stream()
                .filter(r -> r.value().contains(id))).isEmpty();
    }

    @Test
    void missingTokenIsRefusedWith401() throws IOException {
        given().contentType("application/json").body(sample("leave-ended.json", "W-2").toString())
                .when().post("/api/v1/hr-events")
                .then().statusCode(401).header("WWW-Authenticate", startsWith("Bearer"));
    }

    @Test
    void tokenForAnotherAudienceIsRefusedWith401() throws IOException {
        given().auth().oauth2(TestTokens.withWrongAudience("workday", Roles.HR_PUBLISHER))
                .contentType("application/json").body(sample("leave-ended.json", "W-3").toString())
                .when().post("/api/v1/hr-events")
                .then().statusCode(401);
    }

    @Test
    void expiredTokenIsRefusedWith401() throws IOException {
        given().auth().oauth2(TestTokens.expired("workday", Roles.HR_PUBLISHER))
                .contentType("application/json").body(sample("leave-ended.json", "W-4").toString())
                .when().post("/api/v1/hr-events")
                .then().statusCode(401);
    }

    @Test
    void tokenWithoutThePublisherRoleIsRefusedWith403() throws IOException {
        given().auth().oauth2(TestTokens.withRoles("alice", Roles.OPERATOR, Roles.POLICY_ADMIN, Roles.AUDITOR))
                .contentType("application/json").body(sample("leave-ended.json", "W-5").toString())
                .when().post("/api/v1/hr-events")
                .then().statusCode(403).contentType(startsWith("application/problem+json"));
    }

    /** Id of the event {@link DuplicateAfterRestartTest} re-sends after the application restarted. */
    static final String RESTART_FIXTURE_ID = "restart-fixture-5b1d2c7e";

    static String restartFixture() {
        return """
                {"specversion":"1.0","id":"%s","source":"urn:hris:test","type":"hr.worker.leave-started",
                 "subject":"R1","time":"2026-11-26T09:00:00Z","data":{"workerId":"R1","effectiveDate":"2026-12-01"}}"""
                .formatted(RESTART_FIXTURE_ID);
    }

    @Test
    void eventForTheRestartCheckIsAcceptedOnceAcrossApplicationStarts() {
        sendRestartFixture();
    }

    /**
     * Sends the fixture event. Whichever application start sends it first must accept it; every
     * later start (another test class: Quarkus restarts between them) must call it a duplicate,
     * since the memory of accepted ids lives in PostgreSQL, not in the process.
     */
    static void sendRestartFixture() {
        boolean publishedBefore = TopicProbe.readAll(InJvmKafka.bootstrapServers(), Topics.HR_EVENTS).stream()
                .anyMatch(r -> r.value().contains(RESTART_FIXTURE_ID));
        var answer = post(restartFixture(), "application/json").then().statusCode(202);
        if (publishedBefore) {
            answer.body("accepted", equalTo(List.of())).body("duplicates", contains(RESTART_FIXTURE_ID));
        } else {
            answer.body("accepted", contains(RESTART_FIXTURE_ID));
        }
        assertThat(TopicProbe.readAll(InJvmKafka.bootstrapServers(), Topics.HR_EVENTS))
                .filteredOn(r -> r.value().contains(RESTART_FIXTURE_ID)).hasSize(1);
    }

    @Test
    void healthAndMetricsNeedNoToken() {
        given().when().get("/q/health/ready").then().statusCode(200)
                .body("checks.name", hasItem("database-schema"));
        given().when().get("/q/metrics").then().statusCode(200);
    }

    /** Bodies are sent as UTF-8 bytes, as RFC 8259 requires of JSON, whatever the media type. */
    static io.restassured.response.Response post(String body, String contentType) {
        return given().auth().oauth2(PUBLISHER).contentType(contentType)
                .body(body.getBytes(java.nio.charset.StandardCharsets.UTF_8)).when().post("/api/v1/hr-events");
    }

    /** A golden sample from the contracts, made unique: a fresh event id and the given worker id. */
    static ObjectNode sample(String name, String workerId) throws IOException {
        try (InputStream in = HrEventsResourceTest.class.getClassLoader().getResourceAsStream("samples/hr/" + name)) {
            ObjectNode event = (ObjectNode) MAPPER.readTree(in);
            event.put("id", UUID.randomUUID().toString());
            event.put("subject", workerId);
            ((ObjectNode) event.get("data")).put("workerId", workerId);
            return event;
        }
    }
}
