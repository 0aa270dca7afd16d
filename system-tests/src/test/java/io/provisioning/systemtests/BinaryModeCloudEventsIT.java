package io.provisioning.systemtests;

import static io.provisioning.systemtests.WorkersOnStack.hasGroup;
import static io.provisioning.systemtests.WorkersOnStack.identity;
import static io.provisioning.systemtests.WorkersOnStack.letters;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.provisioning.contracts.Topics;
import io.provisioning.stack.StackKafka;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * CloudEvents in binary content mode, the default of many producers: the attributes in {@code ce-}
 * HTTP headers or {@code ce_} Kafka headers, the worker record as the body. Both reach the directory
 * like structured events, are de-duplicated by id like them, and are refused with the attribute named
 * when one is missing.
 */
class BinaryModeCloudEventsIT {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String RUN = UUID.randomUUID().toString().substring(0, 5).toUpperCase(Locale.ROOT);

    @Test
    void aBinaryModeEventPostedOverHttpHiresTheWorkerOnceHoweverOftenItIsSent() {
        String worker = "BM" + RUN + "-1";
        String eventId = UUID.randomUUID().toString();
        JsonPath first = binary(eventId, worker, "hr.worker.hired").body(record(worker, "Hana"))
                .post(Stack.INGEST + "/api/v1/hr-events").then().statusCode(202).extract().jsonPath();
        assertThat(first.getList("accepted", String.class)).containsExactly(eventId);
        JsonPath again = binary(eventId, worker, "hr.worker.hired").body(record(worker, "Hana"))
                .post(Stack.INGEST + "/api/v1/hr-events").then().statusCode(202).extract().jsonPath();
        assertThat(again.getList("accepted", String.class)).isEmpty();
        assertThat(again.getList("duplicates", String.class)).containsExactly(eventId);
        await().atMost(WAIT).until(() -> hasGroup(worker, "engineering"));
    }

    @Test
    void aBinaryModeEventWithoutItsTypeIsRefusedWithTheAttributeNamed() {
        String worker = "BM" + RUN + "-2";
        JsonPath problem = given().auth().oauth2(Stack.token("hris-publisher")).contentType("application/json")
                .header("ce-specversion", "1.0").header("ce-id", UUID.randomUUID().toString())
                .header("ce-source", "urn:hris:system-test").header("ce-subject", worker)
                .header("ce-time", Instant.now().toString())
                .body(record(worker, "Ivo")).post(Stack.INGEST + "/api/v1/hr-events")
                .then().statusCode(400).contentType("application/problem+json").extract().jsonPath();
        assertThat(problem.getList("errors.pointer", String.class)).contains("/type");
        assertThat(identity(worker).getString("workerId")).as("nothing published").isNull();
    }

    @Test
    void aBinaryModeRecordOnTheInboundTopicHiresTheWorker() throws Exception {
        String worker = "BM" + RUN + "-3";
        Map<String, Object> settings = new HashMap<>(StackKafka.client("hris-publisher"));
        settings.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(settings, new StringSerializer(),
                new StringSerializer())) {
            ProducerRecord<String, String> record = new ProducerRecord<>(Topics.HR_EVENTS_INBOUND, worker,
                    record(worker, "Jora"));
            Map.of("ce_specversion", "1.0", "ce_id", UUID.randomUUID().toString(), "ce_source", "urn:hris:system-test",
                    "ce_type", "hr.worker.hired", "ce_subject", worker, "ce_time", Instant.now().toString(),
                    "content-type", "application/json")
                    .forEach((name, value) -> record.headers().add(name, value.getBytes(StandardCharsets.UTF_8)));
            producer.send(record).get();
        }
        await().atMost(WAIT).until(() -> hasGroup(worker, "engineering"));
    }

    private static RequestSpecification binary(String eventId, String worker, String type) {
        return given().auth().oauth2(Stack.token("hris-publisher")).contentType("application/json")
                .header("ce-specversion", "1.0").header("ce-id", eventId).header("ce-source", "urn:hris:system-test")
                .header("ce-type", type).header("ce-subject", worker).header("ce-time", Instant.now().toString());
    }

    private static String record(String worker, String given) {
        return """
                {"workerId":"%s","givenName":"%s","familyName":"Binary%s","workerType":"EMPLOYEE","department":"Engineering",\
                "jobTitle":"Software Engineer","startDate":"%s"}""".formatted(worker, given, letters(RUN),
                LocalDate.now(ZoneOffset.UTC).minusDays(1));
    }
}
