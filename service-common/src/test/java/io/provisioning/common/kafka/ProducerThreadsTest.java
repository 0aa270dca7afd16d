package io.provisioning.common.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/** The readiness of the outcome producer rests on finding its network thread by Kafka's name for it. */
class ProducerThreadsTest {

    @Test
    void findsAProducersNetworkThreadWhileItRunsAndNotOnceItEnded() {
        String clientId = "producer-threads-test";
        KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of("bootstrap.servers", "127.0.0.1:1",
                "client.id", clientId), new StringSerializer(), new StringSerializer());
        Thread thread;
        try {
            thread = ProducerThreads.networkThread(clientId).orElseThrow();
            assertThat(thread.isAlive()).isTrue();
            assertThat(ProducerThreads.networkThread("another-client")).isEmpty();
        } finally {
            producer.close(Duration.ofSeconds(5));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> !thread.isAlive());
        assertThat(ProducerThreads.networkThread(clientId)).isEmpty();
    }
}
