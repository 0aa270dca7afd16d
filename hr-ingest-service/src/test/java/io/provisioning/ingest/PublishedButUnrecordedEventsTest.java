package io.provisioning.ingest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.provisioning.contracts.Topics;
import io.provisioning.contracts.hr.HrEvent;
import io.provisioning.ingest.store.IngestedEvents;
import io.provisioning.testsupport.EmbeddedPostgresResource;
import io.provisioning.testsupport.InJvmKafka;
import io.provisioning.testsupport.KafkaResource;
import io.provisioning.testsupport.TopicProbe;
import io.quarkus.test.Mock;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * Once Kafka has acknowledged an event the request has succeeded, even if the database cannot
 * record its id at that moment: 202, never a 500 that would make the publisher doubt a durable event.
 */
@QuarkusTest
@WithTestResource(KafkaResource.class)
@WithTestResource(EmbeddedPostgresResource.class)
@WithTestResource(OidcWiremockTestResource.class)
class PublishedButUnrecordedEventsTest {

    /** The real store, which can be told to fail once as an exhausted connection pool does. */
    @Mock
    @ApplicationScoped
    public static class FailingOnceIngestedEvents extends IngestedEvents {
        static final AtomicBoolean FAIL_NEXT = new AtomicBoolean();

        @Override
        public void remember(List<HrEvent> events) {
            if (FAIL_NEXT.getAndSet(false)) {
                throw new IllegalStateException("cannot record accepted events",
                        new java.sql.SQLException("Sorry, acquisition timeout!"));
            }
            super.remember(events);
        }
    }

    @Test
    void anEventDurableInKafkaIsAcceptedEvenIfItsIdCannotBeRecorded() throws IOException {
        ObjectNode event = HrEventsResourceTest.sample("hired-employee.json", "W-" + UUID.randomUUID());
        String id = event.get("id").asText();
        FailingOnceIngestedEvents.FAIL_NEXT.set(true);

        HrEventsResourceTest.post(event.toString(), "application/cloudevents+json")
                .then().statusCode(202).body("accepted", contains(id));

        assertThat(FailingOnceIngestedEvents.FAIL_NEXT).isFalse();
        assertThat(TopicProbe.readAll(InJvmKafka.bootstrapServers(), Topics.HR_EVENTS))
                .anyMatch(r -> r.value().contains(id));
        given().get("/q/metrics").then().statusCode(200)
                .body(org.hamcrest.Matchers.containsString("provisioning_hr_events_unremembered_total"));
    }
}
