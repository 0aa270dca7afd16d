package io.provisioning.ingest.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.provisioning.common.problem.ProblemException;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class IngestProducerTest {

    @Test
    void recordsNoBrokerAcknowledgesAnswer503WithTheCallersDetailAndNoOtherError() throws IOException {
        IngestProducer producer = new IngestProducer();
        producer.bootstrapServers = "127.0.0.1:" + freePort();
        producer.timeout = Duration.ofSeconds(2);
        try {
            ProblemException refused = catchThrowableOfType(ProblemException.class, () -> producer.publishAll(
                    List.of(new IngestProducer.Outgoing("hr.events", "W1", "{}")), "Retry the same request."));

            assertThat(refused.problem().status()).isEqualTo(503);
            assertThat(refused.problem().type()).endsWith("broker-unavailable");
            assertThat(refused.problem().detail()).isEqualTo("Retry the same request.");
        } finally {
            producer.close();
        }
    }

    /** A port nobody listens on: the broker is away. */
    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
