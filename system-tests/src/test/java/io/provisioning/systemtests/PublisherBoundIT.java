package io.provisioning.systemtests;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import io.restassured.response.Response;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Two HRIS clients of the real Keycloak realm: hris-publisher (the stack binds it to every
 * urn:hris: source) and hris-contractors (bound to urn:hris:contractors only). A token proves
 * which HRIS speaks; the binding decides what it may say, and about whom.
 */
class PublisherBoundIT {

    private static final String HRIS = "hris-publisher";
    private static final String CONTRACTORS_HRIS = "hris-contractors";
    private static final String CONTRACTORS = "urn:hris:contractors";

    @Test
    void oneHrisCannotTerminateAnotherHrisWorkerNorPublishUnderItsSource() throws Exception {
        Instant start = Instant.now();
        String employee = "PB-" + UUID.randomUUID().toString().substring(0, 8);
        publish(HRIS, hire(employee, "urn:hris:system-test", "EMPLOYEE", null)).then().statusCode(202);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300)).until(() -> given()
                .auth().oauth2(Stack.token("ops-console")).get(Stack.POLICY + "/api/v1/identities/" + employee)
                .statusCode() == 200);

        String termination = """
                {"specversion":"1.0","id":"%s","source":"%s","type":"hr.worker.terminated","subject":"%s",
                 "time":"%s","data":{"workerId":"%s","effectiveDate":"%s","reason":"not yours"}}""".formatted(
                UUID.randomUUID(), CONTRACTORS, employee, Instant.now(), employee, LocalDate.now());
        publish(CONTRACTORS_HRIS, termination).then().statusCode(403)
                .contentType(startsWith("application/problem+json"))
                .body("errors[0].pointer", equalTo("/subject"))
                .body("errors[0].message", equalTo("worker " + employee + " belongs to source urn:hris:system-test"))
                .body("detail", containsString("client hris-contractors"));
        publish(CONTRACTORS_HRIS, termination.replace(CONTRACTORS, "urn:hris:system-test")).then().statusCode(403)
                .body("errors[0].pointer", equalTo("/source"));

        String contractor = "PB-C-" + UUID.randomUUID().toString().substring(0, 8);
        publish(CONTRACTORS_HRIS, hire(contractor, CONTRACTORS, "CONTRACTOR", LocalDate.now().plusMonths(6)))
                .then().statusCode(202);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300)).until(() -> given()
                .auth().oauth2(Stack.token("ops-console")).get(Stack.POLICY + "/api/v1/identities/" + contractor)
                .statusCode() == 200);

        // only the two hires reached hr.events; the refused termination of the employee never did
        assertThat(KafkaFacts.since(start, "PB-").get("event")).hasSize(2);
        given().auth().oauth2(Stack.token("ops-console")).get(Stack.POLICY + "/api/v1/identities/" + employee)
                .then().statusCode(200).body("lifecycle", equalTo("ACTIVE"));
    }

    @Test
    void aSnapshotOfASourceTheClientIsNotBoundToIsRefused() {
        given().auth().oauth2(Stack.token(CONTRACTORS_HRIS)).contentType("text/csv")
                .body("workerId,givenName,familyName,workerType,department,startDate\n".getBytes(StandardCharsets.UTF_8))
                .post(Stack.INGEST + "/api/v1/hr-snapshots?source=workday")
                .then().statusCode(403).contentType(startsWith("application/problem+json"))
                .body("errors[0].pointer", equalTo("/source"));
    }

    private static Response publish(String client, String event) {
        return given().auth().oauth2(Stack.token(client)).contentType("application/cloudevents+json")
                .body(event.getBytes(StandardCharsets.UTF_8)).post(Stack.INGEST + "/api/v1/hr-events");
    }

    private static String hire(String workerId, String source, String type, LocalDate endDate) {
        return """
                {"specversion":"1.0","id":"%s","source":"%s","type":"hr.worker.hired","subject":"%s","time":"%s",
                 "data":{"workerId":"%s","givenName":"Pat","familyName":"Bound","workerType":"%s",
                         "department":"Engineering","startDate":"%s"%s}}""".formatted(UUID.randomUUID(), source,
                workerId, Instant.now(), workerId, type, LocalDate.now(),
                endDate == null ? "" : ",\"endDate\":\"" + endDate + "\"");
    }
}
