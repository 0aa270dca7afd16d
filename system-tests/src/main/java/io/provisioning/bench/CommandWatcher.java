package io.provisioning.bench;

import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/**
 * Follows every command topic from its end (fixed when constructed) and counts, per topic, the
 * commands of one run (keys starting with its prefix) and the distinct workers they are for, with
 * the first and last record times.
 */
final class CommandWatcher implements AutoCloseable {

    private final String prefix;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Map<String, Set<String>> workersByTopic = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> commandsByTopic = new ConcurrentHashMap<>();
    private final AtomicLong first = new AtomicLong(Long.MAX_VALUE);
    private final AtomicLong last = new AtomicLong();
    private final Thread thread;

    CommandWatcher(String bootstrap, String prefix) {
        this.prefix = prefix;
        KafkaConsumer<String, String> consumer = BenchKafka.consumerAtEnd(bootstrap, c -> c.listTopics().entrySet()
                .stream()
                .filter(t -> t.getKey().startsWith("provisioning.commands.") && !t.getKey().endsWith(".dlq"))
                .flatMap(t -> t.getValue().stream().map(p -> new TopicPartition(p.topic(), p.partition())))
                .toList());
        thread = new Thread(() -> follow(consumer), "command-watcher");
        thread.setDaemon(true);
        thread.start();
    }

    private void follow(KafkaConsumer<String, String> consumer) {
        try (consumer) {
            while (running.get()) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.key() == null || !record.key().startsWith(prefix)) {
                        continue;
                    }
                    commandsByTopic.computeIfAbsent(record.topic(), t -> new AtomicLong()).incrementAndGet();
                    Set<String> workers = workersByTopic.computeIfAbsent(record.topic(), t -> new HashSet<>());
                    synchronized (workers) {
                        workers.add(record.key());
                    }
                    first.accumulateAndGet(record.timestamp(), Math::min);
                    last.accumulateAndGet(record.timestamp(), Math::max);
                }
            }
        }
    }

    /** Distinct workers of the run with a command on the topic. */
    int workers(String topic) {
        Set<String> workers = workersByTopic.getOrDefault(topic, Set.of());
        synchronized (workers) {
            return workers.size();
        }
    }

    Map<String, Long> countsByTopic() {
        Map<String, Long> counts = new TreeMap<>();
        commandsByTopic.forEach((topic, count) -> counts.put(topic, count.get()));
        return counts;
    }

    long firstTimestamp() {
        return first.get();
    }

    long lastTimestamp() {
        return last.get();
    }

    @Override
    public void close() throws InterruptedException {
        running.set(false);
        thread.join(5_000);
    }
}
