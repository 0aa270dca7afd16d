package io.provisioning.audit;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
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
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A joiner, a mover and a leaver, as the trail tells them: trace of each event, access at each instant. */
@QuarkusTest
@WithTestResource(value = KafkaResource.class, initArgs = @ResourceArg(name = "targets", value = "corp-ldap"))
@WithTestResource(value = EmbeddedPostgresResource.class, initArgs = {
        @ResourceArg(name = "owner", value = "audit"), @ResourceArg(name = "runtime", value = "audit_app")})
@WithTestResource(OidcWiremockTestResource.class)
class AuditTraceAndAccessTest {

    private static final String AUDITOR = TestTokens.withRoles("carol", Roles.AUDITOR);
    private static final String WORKER = "S-" + UUID.randomUUID().toString().substring(0, 8);
    private static final String JOINER = "join-" + WORKER;
    private static final String MOVER = "move-" + WORKER;
    private static final String LEAVER = "leave-" + WORKER;
    private static final Instant T1 = Instant.parse("2026-12-01T08:00:00Z");
    private static final Instant T2 = Instant.parse("2027-03-15T08:00:00Z");
    private static final Instant T3 = Instant.parse("2027-06-30T17:00:00Z");

    private static boolean told;

    /** Once per class; RestAssured knows the application's port only once a test runs. */
    @BeforeEach
    void story() {
        if (told) {
            return;
        }
        told = true;
        step(JOINER, "hr.worker.hired", 1, "PRESENT", "[\"sales\"]", T1);
        step(MOVER, "hr.worker.updated", 2, "PRESENT", "[\"finance\"]", T2);
        step(LEAVER, "hr.worker.terminated", 3, "DISABLED", "[]", T3);
        await().atMost(Duration.ofSeconds(30)).until(() -> given().auth().oauth2(AUDITOR).queryParam("workerId", WORKER)
                .get("/api/v1/audit/records").then().extract().jsonPath().getList("records").size() == 9);
    }

    @Test
    void traceOfTheMoverEventShowsTheEventItsCommandAndItsOutcomeInOrder() {
        JsonPath trace = given().auth().oauth2(AUDITOR).get("/api/v1/audit/trace/" + MOVER)
                .then().statusCode(200).extract().jsonPath();

        assertThat(trace.getString("cause.type")).isEqualTo("hr.worker.updated");
        assertThat(trace.getList("commands.payload.commandId", String.class)).containsExactly("cmd-" + MOVER);
        assertThat(trace.getList("outcomes.payload.status", String.class)).containsExactly("APPLIED");
        assertThat(trace.getString("cause.payload.id")).isEqualTo(MOVER);
        assertThat(trace.getList("other")).isEmpty();
    }

    @Test
    void accessAtEachInstantIsWhatTheAppliedOutcomesLeft() {
        access(T1.minusSeconds(60)).body("accounts", empty());
        access(T1.plusSeconds(60)).body("accounts[0].state", equalTo("PRESENT"))
                .body("accounts[0].groups", org.hamcrest.Matchers.contains("sales"))
                .body("accounts[0].accountId", equalTo("acct-" + WORKER));
        access(T2.plusSeconds(60)).body("accounts[0].groups", org.hamcrest.Matchers.contains("finance"))
                .body("accounts[0].commandId", equalTo("cmd-" + MOVER));
        access(T3.plusSeconds(60)).body("accounts[0].state", equalTo("DISABLED"))
                .body("accounts[0].groups", empty());
    }

    @Test
    void unknownCorrelationIsNotFoundAndBadInstantIsAProblem() {
        given().auth().oauth2(AUDITOR).get("/api/v1/audit/trace/nothing-" + UUID.randomUUID())
                .then().statusCode(404).contentType(startsWith("application/problem+json"));
        given().auth().oauth2(AUDITOR).queryParam("at", "last tuesday").get("/api/v1/audit/access/" + WORKER)
                .then().statusCode(400).body("errors[0].pointer", equalTo("/at"));
        given().auth().oauth2(TestTokens.withRoles("alice", Roles.OPERATOR)).get("/api/v1/audit/trace/" + MOVER)
                .then().statusCode(403);
    }

    private static io.restassured.response.ValidatableResponse access(Instant at) {
        return given().auth().oauth2(AUDITOR).queryParam("at", at.toString()).get("/api/v1/audit/access/" + WORKER)
                .then().statusCode(200);
    }

    private static void step(String eventId, String type, int sequence, String state, String groups, Instant at) {
        String data = type.equals("hr.worker.terminated")
                ? "{\"workerId\":\"%s\",\"effectiveDate\":\"2027-06-30\"}".formatted(WORKER)
                : "{\"workerId\":\"%s\",\"givenName\":\"Ann\",\"familyName\":\"Lee\",\"workerType\":\"EMPLOYEE\",\"department\":\"Sales\",\"startDate\":\"2026-12-01\"}".formatted(WORKER);
        TopicProbe.publish(InJvmKafka.bootstrapServers(), Topics.HR_EVENTS, WORKER, """
                {"specversion":"1.0","id":"%s","source":"urn:hris:test","type":"%s","subject":"%s",
                 "time":"%s","data":%s}""".formatted(eventId, type, WORKER, at.minusSeconds(5), data));
        TopicProbe.publish(InJvmKafka.bootstrapServers(), Topics.commands("corp-ldap"), WORKER, """
                {"commandId":"cmd-%s","correlationId":"%s","workerId":"%s","targetId":"corp-ldap","accountId":"acct-%s",
                 "sequence":%d,"state":"%s","groups":%s,"managedGroups":["sales","finance"]}"""
                .formatted(eventId, eventId, WORKER, WORKER, sequence, state, groups));
        TopicProbe.publish(InJvmKafka.bootstrapServers(), Topics.OUTCOMES, WORKER, """
                {"outcomeId":"cmd-%s/1","commandId":"cmd-%s","correlationId":"%s","workerId":"%s","targetId":"corp-ldap",
                 "accountId":"acct-%s","sequence":%d,"status":"APPLIED","state":"%s","groups":%s,"attempt":1,
                 "completedAt":"%s"}""".formatted(eventId, eventId, eventId, WORKER, WORKER, sequence, state, groups, at));
    }
}
