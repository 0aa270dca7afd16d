package io.provisioning.testsupport;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Writes to and reads from topics in tests (wrap reads in Awaitility). */
public final class TopicProbe {

    private TopicProbe() {
    }

    /** Every record of the topic from the beginning to its current end, in partition order. */
    public static List<ConsumerRecord<String, String>> readAll(String bootstrapServers, String topic) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG, "probe-" + UUID.randomUUID(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            List<ConsumerRecord<String, String>> records = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (!reached(consumer, end) && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
            return records;
        }
    }

    /**
     * Publishes one record and waits for the broker's acknowledgement.
     *
     * @throws IllegalStateException if the broker does not acknowledge
     */
    public static void publish(String bootstrapServers, String topic, String key, String value) {
        publishAll(bootstrapServers, topic, List.of(Map.entry(key, value)));
    }

    /**
     * Publishes records (key, value) in order and waits for every acknowledgement.
     *
     * @throws IllegalStateException if the broker does not acknowledge
     */
    public static void publishAll(String bootstrapServers, String topic, List<Map.Entry<String, String>> records) {
        try (KafkaProducer<String, String> producer = producer(bootstrapServers, StringSerializer.class)) {
            List<java.util.concurrent.Future<?>> acks = new ArrayList<>();
            for (Map.Entry<String, String> record : records) {
                acks.add(producer.send(new ProducerRecord<>(topic, record.getKey(), record.getValue())));
            }
            for (java.util.concurrent.Future<?> ack : acks) {
                ack.get();
            }
        } catch (Exception e) {
            throw new IllegalStateException("cannot publish to " + topic, e);
        }
    }

    /**
     * Publishes one record with headers (name to text value) and waits for the broker's acknowledgement.
     *
     * @throws IllegalStateException if the broker does not acknowledge
     */
    public static void publish(String bootstrapServers, String topic, String key, String value,
                               Map<String, String> headers) {
        try (KafkaProducer<String, String> producer = producer(bootstrapServers, StringSerializer.class)) {
            ProducerRecord<String, String> record = new ProducerRecord<>(topic, key, value);
            headers.forEach((name, text) -> record.headers().add(name,
                    text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            producer.send(record).get();
        } catch (Exception e) {
            throw new IllegalStateException("cannot publish to " + topic, e);
        }
    }

    /**
     * Publishes one record with raw bytes as its value (for payloads that are not UTF-8 text).
     *
     * @throws IllegalStateException if the broker does not acknowledge
     */
    public static void publishBytes(String bootstrapServers, String topic, String key, byte[] value) {
        try (KafkaProducer<String, byte[]> producer = producer(bootstrapServers,
                org.apache.kafka.common.serialization.ByteArraySerializer.class)) {
            producer.send(new ProducerRecord<>(topic, key, value)).get();
        } catch (Exception e) {
            throw new IllegalStateException("cannot publish to " + topic, e);
        }
    }

    private static <V> KafkaProducer<String, V> producer(String bootstrapServers,
                                                         Class<? extends org.apache.kafka.common.serialization.Serializer<V>> values) {
        return new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, 5,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, values.getName()));
    }

    private static boolean reached(KafkaConsumer<String, String> consumer, Map<TopicPartition, Long> end) {
        return end.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
    }
}
