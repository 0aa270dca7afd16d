package io.provisioning.bench;

import io.provisioning.stack.StackKafka;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** The load generators' Kafka clients, as the stack's super user; the producer acks=all like the services, batched for throughput. */
final class BenchKafka {

    private BenchKafka() {
    }

    /**
     * @param extra further producer settings, e.g. compression; may be empty
     */
    static KafkaProducer<String, String> producer(String bootstrap, Map<String, Object> extra) {
        Map<String, Object> config = new HashMap<>(StackKafka.admin());
        config.putAll(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, 10,
                ProducerConfig.BATCH_SIZE_CONFIG, 262_144,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName()));
        config.putAll(extra);
        return new KafkaProducer<>(config);
    }

    /** A consumer of the partitions the function picks, positioned at their end now, before anything is sent. */
    static KafkaConsumer<String, String> consumerAtEnd(String bootstrap,
            Function<KafkaConsumer<String, String>, List<TopicPartition>> partitions) {
        Map<String, Object> config = new HashMap<>(StackKafka.admin());
        config.putAll(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000));
        KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer());
        List<TopicPartition> assigned = partitions.apply(consumer);
        consumer.assign(assigned);
        consumer.seekToEnd(assigned);
        assigned.forEach(consumer::position);
        return consumer;
    }

    /** Records the consumer groups have not yet committed, summed over their partitions. */
    static long lag(Admin admin, List<String> groups) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> committed = new HashMap<>();
        for (String group : groups) {
            committed.putAll(admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get());
        }
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> end = admin.listOffsets(committed.keySet()
                .stream().collect(Collectors.toMap(p -> p, p -> OffsetSpec.latest()))).all().get();
        long lag = 0;
        for (var e : committed.entrySet()) {
            lag += Math.max(0, end.get(e.getKey()).offset() - (e.getValue() == null ? 0 : e.getValue().offset()));
        }
        return lag;
    }
}
