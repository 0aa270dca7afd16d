package io.provisioning.ingest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import com.fasterxml.jackson.databind.node.ObjectNode;
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
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * An HRIS publisher speaks only for the sources it is bound to (provisioning.ingest.publisher-sources,
 * in the test profile: workday for every urn:hris: source, contractors for urn:hris:contractors),
 * and only about workers of those sources.
 */
@QuarkusTest
@WithTestResource(KafkaResource.class)
@WithTestResource(EmbeddedPostgresResource.class)
@WithTestResource(OidcWiremockTestResource.class)
class PublisherSourceBindingTest {

    private static final String WORKDAY = TestTokens.withRoles("workday", Roles.HR_PUBLISHER);
    /** As Keycloak issues it: the client in azp, a service account as subject. */
    private static final String CONTRACTORS = TestTokens.forClient("contractors", Roles.HR_PUBLISHER);
    private static final String CONTRACTORS_SOURCE = "urn:hris:contractors";

    @Test
    void anEventOfASourceThePublisherIsNotBoundToIsRefusedWith403AndNotPublished() throws IOException {
        ObjectNode event = HrEventsResourceTest.sample("hired-contractor.json", "C-" + UUID.randomUUID());
        event.put("source", "urn:hris:workday");

        post(CONTRACTORS, event.toString()).then().statusCode(403).contentType(startsWith("application/problem+json"))
                .body("type", containsString("source-not-allowed"))
                .body("errors[0].pointer", equalTo("/source"))
                .body("errors[0].message", containsString("urn:hris:workday"))
                .body("detail", containsString("client contractors"));

        assertThat(published(event.get("id").asText())).isFalse();
    }

    @Test
    void aBatchWithOneForeignSourceEventPublishesNothing() throws IOException {
        ObjectNode own = HrEventsResourceTest.sample("hired-contractor.json", "C-" + UUID.randomUUID());
        own.put("source", CONTRACTORS_SOURCE);
        ObjectNode foreign = HrEventsResourceTest.sample("hired-contractor.json", "C-" + UUID.randomUUID());
        foreign.put("source", "urn:hris:workday");

        post(CONTRACTORS, "[" + own + "," + foreign + "]").then().statusCode(403).body("errors[0].index", equalTo(1));

        assertThat(published(own.get("id").asText())).isFalse();
    }

    @Test
    void oneHrisCannotTerminateAnotherHrisWorker() throws IOException {
        String worker = "E-" + UUID.randomUUID();
        post(WORKDAY, HrEventsResourceTest.sample("hired-employee.json", worker).toString()).then().statusCode(202);

        // the contractors' system names its own source, but the worker is workday's
        ObjectNode termination = HrEventsResourceTest.sample("terminated.json", worker);
        termination.put("source", CONTRACTORS_SOURCE);
        post(CONTRACTORS, termination.toString()).then().statusCode(403)
                .body("errors[0].pointer", equalTo("/subject"))
                .body("errors[0].message", equalTo("worker " + worker + " belongs to source urn:hris:workday"));
        assertThat(published(termination.get("id").asText())).isFalse();

        // its owner may
        ObjectNode byOwner = HrEventsResourceTest.sample("terminated.json", worker);
        post(WORKDAY, byOwner.toString()).then().statusCode(202);
        assertThat(published(byOwner.get("id").asText())).isTrue();
    }

    @Test
    void aPublisherManagesTheWorkersOfItsOwnSource() throws IOException {
        String worker = "C-" + UUID.randomUUID();
        ObjectNode hire = HrEventsResourceTest.sample("hired-contractor.json", worker);
        hire.put("source", CONTRACTORS_SOURCE);
        post(CONTRACTORS, hire.toString()).then().statusCode(202);

        ObjectNode termination = HrEventsResourceTest.sample("terminated.json", worker);
        termination.put("source", CONTRACTORS_SOURCE);
        post(CONTRACTORS, termination.toString()).then().statusCode(202);

        assertThat(published(hire.get("id").asText())).isTrue();
        assertThat(published(termination.get("id").asText())).isTrue();
    }

    @Test
    void aPublisherBoundToNoSourcePublishesNothing() throws IOException {
        ObjectNode event = HrEventsResourceTest.sample("hired-employee.json", "E-" + UUID.randomUUID());

        post(TestTokens.forClient("unbound-hris", Roles.HR_PUBLISHER), event.toString()).then().statusCode(403)
                .body("detail", containsString("client unbound-hris, bound to no source"));
        given().auth().oauth2(TestTokens.forClient("unbound-hris", Roles.HR_PUBLISHER)).contentType("text/csv")
                .body("workerId,givenName,familyName,workerType,department,startDate\n")
                .post("/api/v1/hr-snapshots?source=anything").then().statusCode(403)
                .body("errors[0].pointer", equalTo("/source"));
        assertThat(published(event.get("id").asText())).isFalse();
    }

    @Test
    void aSnapshotOfAnotherSourceOrListingAnotherSourcesWorkerIsRefused() throws IOException {
        String header = "workerId,givenName,familyName,workerType,department,startDate,endDate\n";
        given().auth().oauth2(CONTRACTORS).contentType("text/csv").body(header)
                .post("/api/v1/hr-snapshots?source=workday").then().statusCode(403)
                .contentType(startsWith("application/problem+json"));

        String workdays = "E-" + UUID.randomUUID();
        post(WORKDAY, HrEventsResourceTest.sample("hired-employee.json", workdays).toString()).then().statusCode(202);
        String own = "C-" + UUID.randomUUID();
        String csv = header + own + ",Cy,Ng,CONTRACTOR,IT,2026-01-01,2026-12-31\n"
                + workdays + ",Ann,Lee,CONTRACTOR,IT,2026-01-01,2026-12-31\n";
        given().auth().oauth2(CONTRACTORS).contentType("text/csv").body(csv.getBytes(StandardCharsets.UTF_8))
                .post("/api/v1/hr-snapshots?source=contractors").then().statusCode(403)
                .body("errors[0].line", equalTo(3))
                .body("errors[0].message", equalTo("worker " + workdays + " belongs to source urn:hris:workday"));

        assertThat(TopicProbe.readAll(InJvmKafka.bootstrapServers(), Topics.HR_EVENTS))
                .noneMatch(r -> own.equals(r.key()));
    }

    private static Response post(String token, String body) {
        return given().auth().oauth2(token).contentType("application/json")
                .body(body.getBytes(StandardCharsets.UTF_8)).post("/api/v1/hr-events");
    }

    private static boolean published(String eventId) {
        return TopicProbe.readAll(InJvmKafka.bootstrapServers(), Topics.HR_EVENTS).stream()
                .anyMatch(r -> r.value().contains(eventId));
    }
}
