package io.provisioning.systemtests;

import io.provisioning.stack.StackKafka;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * The facts of a set of workers as Kafka holds them: every record since an instant on
 * {@code hr.events}, the command topics and {@code provisioning.outcomes}, counted per fact id. A
 * fact with more than one record was published again (a producer crashed between its send and
 * noting it).
 */
final class KafkaFacts {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Map<String, String> KIND_OF_TOPIC = Map.of(
            "hr.events", "event",
            "provisioning.commands.corp-ldap", "command",
            "provisioning.commands.apps-scim", "command",
            "provisioning.commands.legacy-db", "command",
            "provisioning.outcomes", "outcome");
    private static final Map<String, String> ID_FIELD = Map.of("event", "id", "command", "commandId", "outcome", "outcomeId");

    private KafkaFacts() {
    }

    /** kind (event, command, outcome) → fact id → number of records; keys start with the prefix. */
    static Map<String, Map<String, Integer>> since(Instant since, String keyPrefix) throws IOException {
        Map<String, Map<String, Integer>> facts = Map.of("event", new HashMap<>(), "command", new HashMap<>(),
                "outcome", new HashMap<>());
        Map<String, Object> settings = new HashMap<>(StackKafka.admin());
        settings.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        settings.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(settings, new StringDeserializer(),
                new StringDeserializer())) {
            List<TopicPartition> partitions = KIND_OF_TOPIC.keySet().stream()
                    .flatMap(topic -> consumer.partitionsFor(topic).stream()
                            .map(p -> new TopicPartition(topic, p.partition())))
                    .toList();
            consumer.assign(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            Map<TopicPartition, OffsetAndTimestamp> start = consumer.offsetsForTimes(partitions.stream()
                    .collect(Collectors.toMap(p -> p, p -> since.toEpochMilli())));
            for (TopicPartition p : partitions) {
                OffsetAndTimestamp first = start.get(p);
                consumer.seek(p, first == null ? end.get(p) : first.offset());
            }
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofSeconds(1))) {
                    if (record.key() == null || !record.key().startsWith(keyPrefix)) {
                        continue;
                    }
                    String kind = KIND_OF_TOPIC.get(record.topic());
                    JsonNode value = MAPPER.readTree(record.value());
                    facts.get(kind).merge(value.path(ID_FIELD.get(kind)).asText(), 1, Integer::sum);
                }
            }
        }
        return facts;
    }
}
