package io.provisioning.ingest.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.provisioning.common.problem.Problem;
import io.provisioning.common.problem.ProblemException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

class BinaryCloudEventTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Test
    void httpHeadersBecomeTheAttributesPercentDecodedAndTheBodyTheData() throws Exception {
        Map<String, String> attributes = BinaryCloudEvent.fromHttpHeaders(Map.of(
                "Ce-Specversion", List.of("1.0"), "ce-id", List.of("ev-1"), "ce-source", List.of("urn:hris:x"),
                "ce-type", List.of("hr.worker.hired"), "ce-subject", List.of("W%C3%9C1+2"),
                "Content-Type", List.of("application/json"), "Authorization", List.of("Bearer secret")));

        JsonNode event = MAPPER.readTree(BinaryCloudEvent.structured(attributes, "application/json",
                "{\"workerId\":\"WÜ1+2\"}"));

        assertThat(event.path("specversion").asText()).isEqualTo("1.0");
        assertThat(event.path("subject").asText()).as("UTF-8 percent-decoded, a plus left alone").isEqualTo("WÜ1+2");
        assertThat(event.path("datacontenttype").asText()).isEqualTo("application/json");
        assertThat(event.path("data").path("workerId").asText()).isEqualTo("WÜ1+2");
        assertThat(event.has("authorization")).as("only ce- headers are attributes").isFalse();
    }

    @Test
    void kafkaHeadersBecomeTheAttributes() {
        RecordHeaders headers = new RecordHeaders();
        headers.add("ce_specversion", "1.0".getBytes(StandardCharsets.UTF_8));
        headers.add("ce_type", "hr.worker.updated".getBytes(StandardCharsets.UTF_8));
        headers.add("content-type", "application/json".getBytes(StandardCharsets.UTF_8));

        assertThat(BinaryCloudEvent.fromKafkaHeaders(headers))
                .containsExactlyInAnyOrderEntriesOf(Map.of("specversion", "1.0", "type", "hr.worker.updated"));
    }

    @Test
    void dataThatIsNotJsonIsRefusedWithItsPointer() {
        assertThatThrownBy(() -> BinaryCloudEvent.structured(Map.of("specversion", "1.0"), "application/json", "not json"))
                .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.problem().errors())
                        .extracting(Problem.FieldError::pointer).containsExactly("/data"));
        assertThatThrownBy(() -> BinaryCloudEvent.structured(Map.of("specversion", "1.0"), "text/csv", "a,b"))
                .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.problem().errors())
                        .extracting(Problem.FieldError::pointer).containsExactly("/datacontenttype"));
    }
}
