package io.provisioning.systemtests;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;

import io.restassured.path.json.JsonPath;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The first thread through the whole stack: an HRIS publisher's event, accepted by hr-ingest with a
 * real Keycloak token, is found in the audit trail by an auditor.
 */
class HrEventToAuditTrailIT {

    @Test
    void hiredEventPostedByThePublisherIsFoundByTheAuditor() {
        String eventId = UUID.randomUUID().toString();
        String workerId = "ST-" + eventId.substring(0, 8);

        given().auth().oauth2(Stack.token("hris-publisher"))
                .contentType("application/cloudevents+json")
                .body(hiredEvent(eventId, workerId).getBytes(StandardCharsets.UTF_8))
                .post(Stack.INGEST + "/api/v1/hr-events")
                .then().statusCode(202).body("accepted", contains(eventId));

        JsonPath trail = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(
                () -> given().auth().oauth2(Stack.token("audit-reader")).queryParam("correlationId", eventId)
                        .get(Stack.AUDIT + "/api/v1/audit/records").then().statusCode(200).extract().jsonPath(),
                page -> !page.getList("records").isEmpty());

        assertThat(trail.getList("records")).hasSize(1);
        assertThat(trail.getString("records[0].type")).isEqualTo("hr.worker.hired");
        assertThat(trail.getString("records[0].workerId")).isEqualTo(workerId);
        assertThat(trail.getString("records[0].payload.data.familyName")).isEqualTo("Ñúñez");
        given().auth().oauth2(Stack.token("audit-reader")).get(Stack.AUDIT + "/api/v1/audit/verify")
                .then().statusCode(200).body("valid", equalTo(true));
    }

    @Test
    void realTokensWithoutTheRightRoleAreRefused() {
        given().auth().oauth2(Stack.token("audit-reader")).contentType("application/json")
                .body(hiredEvent(UUID.randomUUID().toString(), "ST-x"))
                .post(Stack.INGEST + "/api/v1/hr-events")
                .then().statusCode(403);
        given().auth().oauth2(Stack.token("hris-publisher"))
                .get(Stack.AUDIT + "/api/v1/audit/records")
                .then().statusCode(403);
        given().get(Stack.AUDIT + "/api/v1/audit/records").then().statusCode(401);
    }

    @Test
    void everyServiceIsReadyAndItsHealthSaysNoMoreThanUpOrDownPerCheck() {
        for (String service : new String[] {Stack.INGEST, Stack.POLICY, Stack.CONNECTOR, Stack.AUDIT}) {
            given().get(service + "/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
            for (String path : new String[] {"/q/health", "/q/health/live", "/q/health/ready", "/q/health/started"}) {
                given().get(service + path).then().statusCode(200)
                        .body("checks", org.hamcrest.Matchers.not(org.hamcrest.Matchers.empty()))
                        .body("checks.findAll { it.data != null }", org.hamcrest.Matchers.empty())
                        .body("checks.status", org.hamcrest.Matchers.everyItem(equalTo("UP")));
            }
        }
    }

    private static String hiredEvent(String id, String workerId) {
        return """
                {"specversion":"1.0","id":"%s","source":"urn:hris:system-test","type":"hr.worker.hired",
                 "subject":"%s","time":"%s","datacontenttype":"application/json",
                 "data":{"workerId":"%s","givenName":"Inés","familyName":"Ñúñez","workerType":"EMPLOYEE",
                         "department":"Engineering","startDate":"%s"}}"""
                .formatted(id, workerId, Instant.now(), workerId, LocalDate.now().plusDays(7));
    }
}
