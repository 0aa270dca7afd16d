package io.provisioning.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.provisioning.contracts.hr.HrEvent;
import io.provisioning.contracts.hr.WorkerChange;
import io.provisioning.contracts.validation.PayloadValidator;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class HrEventSamplesTest {

    private static final ObjectMapper MAPPER = Json.mapper();
    private static final PayloadValidator VALIDATOR = new PayloadValidator();

    static Stream<String> samples() throws IOException {
        try (InputStream index = resource("samples/index.txt")) {
            return new String(index.readAllBytes(), StandardCharsets.UTF_8).lines().filter(l -> !l.isBlank())
                    .toList().stream();
        }
    }

    @ParameterizedTest
    @MethodSource("samples")
    void everyGoldenSampleIsValidAgainstTheSchema(String sample) throws IOException {
        assertThat(VALIDATOR.validateHrEvent(read(sample))).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("samples")
    void everyGoldenSampleRoundTripsThroughTheRecords(String sample) throws IOException {
        JsonNode original = read(sample);

        HrEvent event = MAPPER.treeToValue(original, HrEvent.class);
        JsonNode written = MAPPER.valueToTree(event);

        assertThat(written).isEqualTo(original);
        assertThat(event.data()).isInstanceOf(event.type().dataType());
        assertThat(event.workerId()).isEqualTo(event.subject());
    }

    @ParameterizedTest
    @MethodSource("samples")
    void workerSamplesAlsoPassAsSnapshotRecords(String sample) throws IOException {
        HrEvent event = MAPPER.treeToValue(read(sample), HrEvent.class);
        if (event.data() instanceof WorkerChange change) {
            JsonNode worker = MAPPER.valueToTree(change.worker());
            assertThat(VALIDATOR.validateWorker(worker)).isEmpty();
        }
    }

    static JsonNode read(String sample) throws IOException {
        try (InputStream in = resource("samples/" + sample)) {
            return MAPPER.readTree(in);
        }
    }

    private static InputStream resource(String name) {
        InputStream in = HrEventSamplesTest.class.getClassLoader().getResourceAsStream(name);
        assertThat(in).as("resource %s", name).isNotNull();
        return in;
    }
}
