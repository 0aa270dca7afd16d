package io.provisioning.testsupport;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * Gives a {@code @QuarkusTest} a real Kafka broker in the test JVM, with the contract topics and
 * the command topics of the targets named by the init argument {@code targets} (comma separated).
 * The broker outlives the test class so that several classes share it.
 */
public class KafkaResource implements QuarkusTestResourceLifecycleManager {

    private String[] targets = new String[0];

    @Override
    public void init(Map<String, String> initArgs) {
        String list = initArgs.getOrDefault("targets", "");
        targets = list.isBlank() ? new String[0] : list.split(",");
    }

    @Override
    public Map<String, String> start() {
        String bootstrap = InJvmKafka.bootstrapServers();
        InJvmKafka.createTopics(InJvmKafka.contractTopics(targets));
        return Map.of("kafka.bootstrap.servers", bootstrap);
    }

    @Override
    public void stop() {
        // shared by every test class of the JVM; it ends with the JVM
    }
}
