package io.provisioning.audit;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import io.provisioning.contracts.Topics;
import io.provisioning.testsupport.EmbeddedPostgresResource;
import io.provisioning.testsupport.InJvmKafka;
import io.provisioning.testsupport.KafkaResource;
import io.provisioning.testsupport.Roles;
import io.provisioning.testsupport.TestTokens;
import io.provisioning.testsupport.TopicProbe;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

@QuarkusTest
@WithTestResource(value = KafkaResource.class, initArgs = @ResourceArg(name = "targets", value = "corp-ldap"))
@WithTestResource(value = EmbeddedPostgresResource.class, initArgs = {
        @ResourceArg(name = "owner", value = "audit"), @ResourceArg(name = "runtime", value = "audit_app")})
@WithTestResource(OidcWiremockTestResource.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AuditTrailTest {

    private static final String AUDITOR = TestTokens.withRoles("carol", Roles.AUDITOR);

    @Test
    @Order(1)
    void hrEventIsRecordedOnceWithItsTypeWorkerAndCorrelation() {
        String id = UUID.randomUUID().toString();
        String worker = "E-" + id.substring(0, 8);
        publish(Topics.HR_EVENTS, worker, hiredEvent(id, worker));

        JsonPath page = awaitRecords("correlationId=" + id, 1);

        assertThat(page.getString("records[0].type")).isEqualTo("hr.worker.hired");
        assertThat(page.getString("records[0].workerId")).isEqualTo(worker);
        assertThat(page.getString("records[0].source.topic")).isEqualTo(Topics.HR_EVENTS);
        assertThat(page.getString("records[0].payload.data.givenName")).isEqualTo("Ann");
        assertThat(page.getString("records[0].hash")).hasSize(64);
    }

    @Test
    @Order(2)
    void commandsOfAnyTargetAreRecordedWithTheirTarget() {
        String correlation = UUID.randomUUID().toString();
        publish(Topics.commands("corp-ldap"), "E1", """
                {"commandId":"c-%s","correlationId":"%s","workerId":"E1","targetId":"corp-ldap","accountId":"e1",
                 "sequence":1,"state":"PRESENT","bindPassword":"hunter2"}""".formatted(correlation, correlation));

        JsonPath page = awaitRecords("correlationId=" + correlation, 1);

        assertThat(page.getString("records[0].type")).isEqualTo("provisioning.command");
        assertThat(page.getString("records[0].targetId")).isEqualTo("corp-ldap");
        assertThat(page.getString("records[0].payload.bindPassword")).isEqualTo("[REDACTED]");
    }

    @Test
    @Order(3)
    void unparseableRecordIsKeptWithItsRawBytesRatherThanSkipped() {
        String worker = "U-" + UUID.randomUUID().toString().substring(0, 8);
        byte[] notUtf8 = {(byte) 0xC3, (byte) 0x28, 'x'};
        TopicProbe.publishBytes(InJvmKafka.bootstrapServers(), Topics.OUTCOMES, worker, notUtf8);
        publish(Topics.OUTCOMES, worker, "not json");
        publish(Topics.OUTCOMES, worker, hiredEvent(UUID.randomUUID().toString(), worker));

        JsonPath page = awaitRecords("workerId=" + worker, 3);

        assertThat(page.getList("records.type", String.class))
                .containsExactly("unparseable", "unparseable", "provisioning.outcome");
        assertThat(page.getString("records[0].payload.reason")).isEqualTo("not valid UTF-8");
        assertThat(java.util.Base64.getDecoder().decode(page.getString("records[0].payload.raw"))).isEqualTo(notUtf8);
        assertThat(page.getString("records[1].payload.reason")).isEqualTo("not valid JSON");
    }

    @Test
    @Order(3)
    void aNulInAnIndexedValueNeitherBlocksThePartitionNorIsLostFromThePayload() {
        String worker = "N-" + UUID.randomUUID().toString().substring(0, 8);
        String correlation = UUID.randomUUID().toString();
        publish(Topics.OUTCOMES, worker, """
                {"outcomeId":"o-%s","correlationId":"%s","workerId":"%s\\u0000x","status":"APPLIED"}"""
                .formatted(correlation, correlation, worker));
        publish(Topics.OUTCOMES, worker, """
                {"outcomeId":"o2-%s","correlationId":"%s","workerId":"%s","status":"APPLIED"}"""
                .formatted(correlation, correlation, worker));

        JsonPath page = awaitRecords("correlationId=" + correlation, 2);

        assertThat(page.getList("records.workerId", String.class)).containsExactly(worker + "\uFFFDx", worker);
        assertThat(page.getString("records[0].payload.workerId")).isEqualTo(worker + "\u0000x");
    }

    @Test
    @Order(3)
    void anIdTooLongForAnIndexNeitherBlocksTheChannelNorIsLostFromThePayload() {
        String worker = "L-" + UUID.randomUUID().toString().substring(0, 8);
        String huge = worker + "x".repeat(300_000); // as key, id and worker id: just under the 1 MB a record may have
        String correlation = UUID.randomUUID().toString();
        publish(Topics.POLICY_CHANGES, huge, """
                {"type":"operator.action","id":"%s","workerId":"%s","correlationId":"%s"}"""
                .formatted(huge, huge, correlation));
        publish(Topics.POLICY_CHANGES, worker, """
                {"type":"operator.action","id":"after-%s","workerId":"%s","correlationId":"%s"}"""
                .formatted(correlation, worker, correlation));

        JsonPath page = awaitRecords("correlationId=" + correlation, 2);

        assertThat(page.getList("records.workerId", String.class)).first().asString().hasSize(256).startsWith(worker);
        assertThat(page.getString("records[0].payload.workerId")).hasSize(huge.length());
        assertThat(page.getList("records.workerId", String.class).get(1)).isEqualTo(worker);
    }

    @Test
    @Order(4)
    void personalDataTheTrailDoesNotNeedIsNotStored() {
        String id = UUID.randomUUID().toString();
        String worker = "PD-" + id.substring(0, 8);
        publish(Topics.HR_EVENTS, worker, hiredEvent(id, worker).replace("\"familyName\":\"Lee\"",
                "\"familyName\":\"Lee\",\"email\":\"ann.lee@example.com\",\"preferredName\":\"Annie\""));

        JsonPath page = awaitRecords("correlationId=" + id, 1);

        assertThat(page.getMap("records[0].payload.data")).doesNotContainKeys("email", "preferredName")
                .containsEntry("familyName", "Lee");
    }

    @Test
    @Order(5)
    void redeliveredRecordsAreStoredOnce() {
        String worker = "R-" + UUID.randomUUID().toString().substring(0, 8);
        publish(Topics.HR_EVENTS, worker, hiredEvent(UUID.randomUUID().toString(), worker));
        JsonPath page = awaitRecords("workerId=" + worker, 1);
        var source = new io.provisioning.audit.messaging.IncomingFact(page.getString("records[0].source.topic"),
                page.getInt("records[0].source.partition"), page.getLong("records[0].source.offset"), worker,
                "{}".getBytes(java.nio.charset.StandardCharsets.UTF_8), java.util.Map.of());

        var appended = appender.append(java.util.List.of(source, source),
                f -> new io.provisioning.audit.chain.ClassifiedFact("x", worker, null, null, "{}", null));

        assertThat(appended.stored()).isZero();
        assertThat(appended.redelivered()).isEqualTo(2);
        assertThat(given().auth().oauth2(AUDITOR).queryParam("workerId", worker).get("/api/v1/audit/records")
                .then().statusCode(200).extract().jsonPath().getList("records")).hasSize(1);
    }

    @Test
    @Order(5)
    void aBatchOverlappingWhatIsStoredStoresOnlyTheRecordsPastItInEachPartition() {
        String topic = "audit.redelivery." + UUID.randomUUID();
        String worker = "O-" + UUID.randomUUID().toString().substring(0, 8);

        var first = appender.append(List.of(fact(topic, 0, 0), fact(topic, 0, 1), fact(topic, 1, 0)),
                f -> new io.provisioning.audit.chain.ClassifiedFact("x", worker, null, null, "{}", null));
        // a consumer that restarted from an older commit: partition 0 again from offset 0, and one
        // record of partition 1 seen for the first time
        var second = appender.append(List.of(fact(topic, 0, 0), fact(topic, 0, 1), fact(topic, 0, 2),
                fact(topic, 1, 1)), f -> new io.provisioning.audit.chain.ClassifiedFact("x", worker, null, null, "{}",
                        null));
        var third = appender.append(List.of(fact(topic, 1, 0), fact(topic, 0, 2)),
                f -> new io.provisioning.audit.chain.ClassifiedFact("x", worker, null, null, "{}", null));

        assertThat(first.stored()).isEqualTo(3);
        assertThat(second.stored()).isEqualTo(2);
        assertThat(second.redelivered()).isEqualTo(2);
        assertThat(third.stored()).isZero();
        assertThat(third.redelivered()).isEqualTo(2);
        JsonPath page = given().auth().oauth2(AUDITOR).queryParam("workerId", worker).get("/api/v1/audit/records")
                .then().statusCode(200).extract().jsonPath();
        assertThat(page.getList("records.source.partition", Integer.class)).containsExactly(0, 0, 1, 0, 1);
        assertThat(page.getList("records.source.offset", Long.class)).containsExactly(0L, 1L, 0L, 2L, 1L);
    }

    @Test
    @Order(5)
    void aFactStoredByAnEarlierBatchIsSkippedAndTheRestOfTheBatchStillJoinsTheChain() {
        String topic = "audit.republished." + UUID.randomUUID();
        String worker = "K-" + UUID.randomUUID().toString().substring(0, 8);
        String republished = topic + " event-1";

        var first = appender.append(List.of(fact(topic, 0, 0)),
                f -> new io.provisioning.audit.chain.ClassifiedFact("x", worker, null, null, "{}", republished));
        // the same fact again at offset 2, between two new ones: the unique index refuses the batch,
        // which is then linked again without it
        var second = appender.append(List.of(fact(topic, 0, 1), fact(topic, 0, 2), fact(topic, 0, 3)),
                f -> new io.provisioning.audit.chain.ClassifiedFact("x", worker, null, null, "{}",
                        f.offset() == 2 ? republished : topic + " event-new-" + f.offset()));

        assertThat(first.stored()).isEqualTo(1);
        assertThat(second.stored()).isEqualTo(2);
        assertThat(second.duplicateFacts()).isEqualTo(1);
        JsonPath page = given().auth().oauth2(AUDITOR).queryParam("workerId", worker).get("/api/v1/audit/records")
                .then().statusCode(200).extract().jsonPath();
        assertThat(page.getList("records.source.offset", Long.class)).containsExactly(0L, 1L, 3L);
        given().auth().oauth2(AUDITOR).get("/api/v1/audit/verify?full=true").then().statusCode(200)
                .body("valid", equalTo(true));
        // offset 2 counts as stored: delivered again, it is a redelivery
        assertThat(appender.append(List.of(fact(topic, 0, 2)),
                f -> new io.provisioning.audit.chain.ClassifiedFact("x", worker, null, null, "{}", republished))
                .redelivered()).isEqualTo(1);
    }

    private static io.provisioning.audit.messaging.IncomingFact fact(String topic, int partition, long offset) {
        return new io.provisioning.audit.messaging.IncomingFact(topic, partition, offset, null,
                "{}".getBytes(java.nio.charset.StandardCharsets.UTF_8), java.util.Map.of());
    }

    @jakarta.inject.Inject
    io.provisioning.audit.store.AuditAppender appender;

    @org.eclipse.microprofile.config.inject.ConfigProperty(name = "mp.messaging.connector.smallrye-kafka.tracing-enabled")
    boolean kafkaTracing;

    @Test
    void kafkaRecordsAreNotTracedByTheSharedDefaultsWhenNoTracerIsConfigured() {
        assertThat(kafkaTracing).isFalse();
    }

    @Test
    @Order(5)
    void aFactPublishedTwiceIsStoredOnce() {
        String worker = "F-" + UUID.randomUUID().toString().substring(0, 8);
        String eventId = UUID.randomUUID().toString();
        String later = UUID.randomUUID().toString();
        // The same event again, as a publisher that crashed before noting its send would re-publish it;
        // then a newer event of the same worker, which lands behind both in the same partition.
        publish(Topics.HR_EVENTS, worker, hiredEvent(eventId, worker));
        publish(Topics.HR_EVENTS, worker, hiredEvent(eventId, worker));
        publish(Topics.HR_EVENTS, worker, hiredEvent(later, worker));

        JsonPath page = awaitRecords("workerId=" + worker, 2);

        assertThat(page.getList("records.correlationId")).containsExactly(eventId, later);
        assertThat(page.getLong("records[1].source.offset") - page.getLong("records[0].source.offset"))
                .as("the second copy was consumed in between, and skipped").isEqualTo(2);
    }

    @Test
    @Order(6)
    void pagesFollowTheCursorWithoutGapsOrRepeatsWhileRecordsAreAppended() {
        String worker = "P-" + UUID.randomUUID().toString().substring(0, 8);
        for (int i = 0; i < 5; i++) {
            publish(Topics.HR_EVENTS, worker, hiredEvent(UUID.randomUUID().toString(), worker));
        }
        awaitRecords("workerId=" + worker, 5);

        JsonPath first = given().auth().oauth2(AUDITOR).queryParam("workerId", worker).queryParam("limit", 2)
                .get("/api/v1/audit/records").then().statusCode(200).extract().jsonPath();
        for (int i = 0; i < 3; i++) {
            publish(Topics.HR_EVENTS, worker, hiredEvent(UUID.randomUUID().toString(), worker));
        }
        awaitRecords("workerId=" + worker, 8);
        JsonPath second = given().auth().oauth2(AUDITOR).queryParam("workerId", worker).queryParam("limit", 3)
                .queryParam("cursor", first.getString("nextCursor"))
                .get("/api/v1/audit/records").then().statusCode(200).extract().jsonPath();
        JsonPath third = given().auth().oauth2(AUDITOR).queryParam("workerId", worker).queryParam("limit", 10)
                .queryParam("cursor", second.getString("nextCursor"))
                .get("/api/v1/audit/records").then().statusCode(200).extract().jsonPath();

        List<Long> seqs = new java.util.ArrayList<>(first.getList("records.seq", Long.class));
        seqs.addAll(second.getList("records.seq", Long.class));
        seqs.addAll(third.getList("records.seq", Long.class));
        assertThat(seqs).hasSize(8).isSorted().doesNotHaveDuplicates();
        assertThat(third.getString("nextCursor")).isNull();
    }

    @Test
    void invalidQueryParametersAreAProblemNamingEachOne() {
        given().auth().oauth2(AUDITOR).queryParam("from", "yesterday").queryParam("cursor", "%%%")
                .queryParam("limit", 0).get("/api/v1/audit/records")
                .then().statusCode(400).contentType(startsWith("application/problem+json"))
                .body("errors", hasSize(3))
                .body("errors.pointer", org.hamcrest.Matchers.containsInAnyOrder("/from", "/cursor", "/limit"));
    }

    @Test
    void onlyAuditorsReadTheTrail() {
        given().get("/api/v1/audit/records").then().statusCode(401);
        given().auth().oauth2(TestTokens.withRoles("alice", Roles.OPERATOR, Roles.POLICY_ADMIN, Roles.HR_PUBLISHER))
                .get("/api/v1/audit/records").then().statusCode(403);
        given().auth().oauth2(TestTokens.withWrongIssuer("carol", Roles.AUDITOR))
                .get("/api/v1/audit/verify").then().statusCode(401);
    }

    private static JsonPath awaitRecords(String query, int count) {
        String[] kv = query.split("=", 2);
        return await().atMost(Duration.ofSeconds(20)).until(
                () -> given().auth().oauth2(AUDITOR).queryParam(kv[0], kv[1]).get("/api/v1/audit/records")
                        .then().statusCode(200).extract().jsonPath(),
                page -> page.getList("records").size() == count);
    }

    private static void publish(String topic, String key, String value) {
        TopicProbe.publish(InJvmKafka.bootstrapServers(), topic, key, value);
    }

    private static String hiredEvent(String id, String worker) {
        return """
                {"specversion":"1.0","id":"%s","source":"urn:hris:test","type":"hr.worker.hired","subject":"%s",
                 "time":"2026-11-26T09:00:00Z","data":{"workerId":"%s","givenName":"Ann","familyName":"Lee",
                 "workerType":"EMPLOYEE","department":"Sales","startDate":"2026-12-01"}}""".formatted(id, worker, worker);
    }
}
