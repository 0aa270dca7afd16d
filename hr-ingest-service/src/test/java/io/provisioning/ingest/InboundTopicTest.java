package io.provisioning.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.provisioning.contracts.Topics;
import io.provisioning.testsupport.EmbeddedPostgresResource;
import io.provisioning.testsupport.InJvmKafka;
import io.provisioning.testsupport.KafkaResource;
import io.provisioning.testsupport.TopicProbe;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(KafkaResource.class)
@WithTestResource(EmbeddedPostgresResource.class)
@WithTestResource(OidcWiremockTestResource.class)
class InboundTopicTest {

    @Test
    void validEventProducedToTheInboundTopicIsForwardedToHrEvents() throws Exception {
        ObjectNode event = HrEventsResourceTest.sample("hired-contractor.json", "K-" + UUID.randomUUID().toString().substring(0, 8));
        String id = event.get("id").asText();

        TopicProbe.publish(InJvmKafka.bootstrapServers(), Topics.HR_EVENTS_INBOUND, "ignored", event.toString());

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(
                TopicProbe.readAll(InJvmKafka.bootstrapServers(), Topics.HR_EVENTS))
                .filteredOn(r -> r.value().contains(id))
                .singleElement()
                .satisfies(r -> assertThat(r.key()).isEqualTo(event.get("subject").asText())));
    }

    @Test
    void invalidEventIsDeadLetteredWithTheReasonInItsHeaders() throws Exception {
        ObjectNode event = HrEventsResourceTest.sample("hired-vendor.json", "K-" + UUID.randomUUID().toString().substring(0, 8));
        ((ObjectNode) event.get("data")).remove("sponsorId");
        String id = event.get("id").asText();

        TopicProbe.publish(InJvmKafka.bootstrapServers(), Topics.HR_EVENTS_INBOUND, "k", event.toString());

        ConsumerRecord<String, String> dead = await().atMost(Duration.ofSeconds(20)).until(
                () -> TopicProbe.readAll(InJvmKafka.bootstrapServers(), Topics.deadLetter(Topics.HR_EVENTS_INBOUND))
                        .stream().filter(r -> r.value().contains(id)).findFirst(),
                java.util.Optional::isPresent).orElseThrow();
        String reason = new String(dead.headers().lastHeader("dead-letter-reason").value(), StandardCharsets.UTF_8);
        assertThat(reason).contains("/data/sponsorId").contains("is required");
        assertThat(TopicProbe.readAll(InJvmKafka.bootstrapServers(), Topics.HR_EVENTS))
                .noneMatch(r -> r.value().contains(id));
    }

    @Test
    void recordThatIsNotJsonIsDeadLettered() {
        String garbage = "garbage-" + UUID.randomUUID();

        TopicProbe.publish(InJvmKafka.bootstrapServers(), Topics.HR_EVENTS_INBOUND, "k", garbage);

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(
                TopicProbe.readAll(InJvmKafka.bootstrapServers(), Topics.deadLetter(Topics.HR_EVENTS_INBOUND)))
                .anyMatch(r -> garbage.equals(r.value())));
    }
}
