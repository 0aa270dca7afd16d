package io.provisioning.systemtests;

import io.provisioning.stack.StackKafka;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.SearchScope;
import io.provisioning.contracts.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * No record can stop a consumer: on every topic a service consumes, a corpus of records that
 * retrying cannot fix is produced straight to the broker, then a valid record, which must be
 * processed within 10 s; the services stay ready.
 */
class PoisonRecordsIT {

    private static final Duration WITHIN = Duration.ofSeconds(10);
    private static KafkaProducer<String, byte[]> producer;

    /** Each is kept (audit) or dead-lettered or skipped with its reason (the other consumers). */
    static List<byte[]> corpus() {
        List<byte[]> corpus = new ArrayList<>();
        for (String text : new String[] {"{\"id\":\"p\",\"n\":1e-10000}", "1e-10000", "{\"n\":1e400}", "1e400",
                "[".repeat(2000) + "]".repeat(2000), "{\"a\":\"\u0000\"}", "{\"id\":\"x\",\"id\":\"y\"}",
                "{\"workerId\":\"" + "x".repeat(900_000) + "\"}", ""}) {
            corpus.add(text.getBytes(StandardCharsets.UTF_8));
        }
        corpus.add(new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'});
        corpus.add(null); // a tombstone
        return corpus;
    }

    @BeforeAll
    static void connect() {
        // as the stack's super user: what a client with a bug (or a stolen credential) could write
        Map<String, Object> settings = new java.util.HashMap<>(StackKafka.admin());
        settings.put(ProducerConfig.ACKS_CONFIG, "all");
        settings.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 8 * 1024 * 1024);
        producer = new KafkaProducer<>(settings, new StringSerializer(), new ByteArraySerializer());
    }

    @AfterAll
    static void close() {
        producer.close();
    }

    @Test
    void poisonOnHrEventsInboundIsDeadLetteredAndTheNextEventFlowsToTheDirectory() throws Exception {
        String worker = poisonThenHire(Topics.HR_EVENTS_INBOUND);
        awaitDirectoryEntry(worker);
        assertServicesReady();
    }

    @Test
    void poisonOnHrEventsIsPassedOverAndTheNextEventFlowsToTheDirectory() throws Exception {
        String worker = poisonThenHire(Topics.HR_EVENTS);
        awaitDirectoryEntry(worker);
        assertServicesReady();
    }

    @Test
    void poisonOnOutcomesCommandsAndPolicyChangesStopsNoConsumer() throws Exception {
        for (String topic : List.of(Topics.OUTCOMES, Topics.commands("corp-ldap"), Topics.POLICY_CHANGES)) {
            poison(topic, "poison-" + UUID.randomUUID());
        }
        // a hire after the poison needs the commands consumer (connector), the outcomes consumer
        // (policy: the account becomes ACTIVE) and the trail (audit: its trace)
        String worker = "PZ-" + UUID.randomUUID().toString().substring(0, 8);
        String hire = hire(Topics.HR_EVENTS, worker);
        awaitDirectoryEntry(worker);
        await().atMost(WITHIN).pollInterval(Duration.ofMillis(250)).until(() -> "ACTIVE".equals(
                given().auth().oauth2(Stack.token("ops-console")).get(Stack.POLICY + "/api/v1/identities/" + worker)
                        .then().extract().jsonPath().getString("accounts.find { it.targetId == 'corp-ldap' }.status")));
        await().atMost(WITHIN).pollInterval(Duration.ofMillis(250)).until(() -> given().auth()
                .oauth2(Stack.token("audit-reader")).get(Stack.AUDIT + "/api/v1/audit/trace/" + hire).then().extract()
                .jsonPath().getList("outcomes"), outcomes -> outcomes != null && !outcomes.isEmpty());
        assertServicesReady();
    }

    @Test
    void aRecordLargerThanTheBrokerTakesIsRefusedAtTheDoorAndNeverReachesAConsumer() {
        byte[] fiveMegabytes = ("{\"workerId\":\"" + "x".repeat(5 * 1024 * 1024) + "\"}").getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> producer.send(new ProducerRecord<>(Topics.HR_EVENTS_INBOUND, "big", fiveMegabytes)).get())
                .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(RecordTooLargeException.class);
    }

    private static String poisonThenHire(String topic) throws Exception {
        String worker = "PZ-" + UUID.randomUUID().toString().substring(0, 8);
        poison(topic, worker);
        hire(topic, worker);
        return worker;
    }

    private static void poison(String topic, String key) throws Exception {
        for (byte[] value : corpus()) {
            producer.send(new ProducerRecord<>(topic, key, value)).get();
        }
    }

    private static String hire(String topic, String worker) throws Exception {
        String id = UUID.randomUUID().toString();
        String event = """
                {"specversion":"1.0","id":"%s","source":"urn:hris:poison-test","type":"hr.worker.hired","subject":"%s",
                 "time":"%s","datacontenttype":"application/json","data":{"workerId":"%s","givenName":"Pia",
                 "familyName":"Poison","workerType":"EMPLOYEE","department":"QA","startDate":"%s"}}"""
                .formatted(id, worker, Instant.now(), worker, LocalDate.now(ZoneOffset.UTC).minusDays(1));
        producer.send(new ProducerRecord<>(topic, worker, event.getBytes(StandardCharsets.UTF_8))).get();
        return id;
    }

    private static void awaitDirectoryEntry(String worker) {
        await().atMost(WITHIN).pollInterval(Duration.ofMillis(250)).until(() -> {
            try (LDAPConnection ldap = new LDAPConnection(Stack.LDAP_HOST, Stack.LDAP_PORT,
                    "cn=admin,dc=example,dc=com", "admin")) {
                return ldap.search("ou=people,dc=example,dc=com", SearchScope.ONE,
                        Filter.createEqualityFilter("employeeNumber", worker), "uid").getEntryCount() == 1;
            }
        });
    }

    private static void assertServicesReady() {
        for (String service : List.of(Stack.INGEST, Stack.POLICY, Stack.CONNECTOR, Stack.AUDIT)) {
            await().atMost(WITHIN).untilAsserted(() -> given().get(service + "/q/health/ready").then().statusCode(200));
        }
    }
}
