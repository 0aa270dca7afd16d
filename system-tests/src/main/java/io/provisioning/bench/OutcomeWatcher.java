package io.provisioning.bench;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongConsumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/**
 * Follows {@code provisioning.outcomes} from its end at start-up and keeps, per HR event id
 * (correlation id), the first settled outcome (APPLIED, NOOP or FAILED) of a worker whose id starts
 * with the prefix: when the target acknowledged, and the end-to-end latency the connector measured
 * from the event's acceptance by hr-ingest.
 */
final class OutcomeWatcher implements AutoCloseable {

    /**
     * A settled outcome: its status, the latency from HR acceptance, how long the connector's
     * attempt that settled it took (the whole batch it ran in), when the connector completed it.
     */
    record Settled(String status, long endToEndMillis, long executionMillis, long completedAtMillis) {
    }

    private static final JsonFactory JSON = new JsonFactory();
    private static final Set<String> SETTLED = Set.of("APPLIED", "NOOP", "FAILED");
    /**
     * How often the awaited set is looked at: the phase's end is seen up to this late, and a leavers
     * phase lasts about 3 s (checking every 100 ms added up to 3 % to it).
     */
    private static final long SETTLED_CHECK_MILLIS = 10;

    private final Map<String, Settled> byCorrelation = new ConcurrentHashMap<>();
    /** "target worker" pairs with a settled outcome, for loads whose event ids the server chose (SCIM). */
    private final Set<String> settledAccounts = ConcurrentHashMap.newKeySet();
    private final Map<String, java.util.concurrent.atomic.AtomicInteger> settledPerTarget = new ConcurrentHashMap<>();
    private final Map<String, java.util.concurrent.atomic.AtomicLong> lastCompletedPerTarget = new ConcurrentHashMap<>();
    private final Set<String> awaited = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread thread;
    private final String prefix;

    OutcomeWatcher(String bootstrap, String prefix) {
        this.prefix = prefix;
        KafkaConsumer<String, String> consumer = BenchKafka.consumerAtEnd(bootstrap, c -> c.partitionsFor(
                "provisioning.outcomes").stream().map(p -> new TopicPartition(p.topic(), p.partition())).toList());
        thread = new Thread(() -> follow(consumer), "outcome-watcher");
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
                    settle(record.key(), record.value());
                }
            }
        } catch (Exception e) {
            if (running.get()) {
                throw new IllegalStateException("outcome watcher stopped: " + e.getMessage(), e);
            }
        }
    }

    /**
     * Reads the few fields it needs and skips the rest (the changes list is most of an outcome):
     * this thread shares the machine's two cores with the system it measures.
     */
    private void settle(String workerId, String outcome) throws IOException {
        String status = null;
        String targetId = null;
        String correlationId = null;
        String completedAt = null;
        long endToEndMillis = -1;
        long durationMillis = 0;
        try (JsonParser parser = JSON.createParser(outcome)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return;
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                parser.nextToken();
                switch (field) {
                    case "status" -> status = parser.getValueAsString();
                    case "correlationId" -> correlationId = parser.getValueAsString();
                    case "targetId" -> targetId = parser.getValueAsString();
                    case "completedAt" -> completedAt = parser.getValueAsString();
                    case "endToEndMillis" -> endToEndMillis = parser.getValueAsLong(-1);
                    case "durationMillis" -> durationMillis = parser.getValueAsLong(0);
                    default -> parser.skipChildren();
                }
            }
        }
        if (status == null || correlationId == null || !SETTLED.contains(status)) {
            return;
        }
        long completed = completedAt == null ? System.currentTimeMillis() : Instant.parse(completedAt).toEpochMilli();
        if (targetId != null && settledAccounts.add(targetId + ' ' + workerId)) {
            settledPerTarget.computeIfAbsent(targetId, t -> new java.util.concurrent.atomic.AtomicInteger()).incrementAndGet();
            lastCompletedPerTarget.computeIfAbsent(targetId, t -> new java.util.concurrent.atomic.AtomicLong())
                    .accumulateAndGet(completed, Math::max);
        }
        if (byCorrelation.putIfAbsent(correlationId, new Settled(status, endToEndMillis, durationMillis, completed)) == null) {
            awaited.remove(correlationId);
        }
    }

    /**
     * Waits until every one of the correlation ids has a settled outcome, calling progress with the
     * number settled about every 10 s; false if the deadline passed first. The ids are checked once;
     * after that each arriving outcome takes its id off the awaited set, so waiting costs nothing
     * per id and poll (checking 100 000 ids every 100 ms was 41 % of this JVM's CPU samples).
     */
    boolean awaitSettled(Collection<String> correlationIds, long deadlineNanos, LongConsumer progress)
            throws InterruptedException {
        awaited.addAll(correlationIds);
        awaited.removeIf(byCorrelation::containsKey); // settled before they were awaited
        long lastReport = System.nanoTime();
        try {
            while (!awaited.isEmpty()) {
                if (System.nanoTime() - deadlineNanos > 0) {
                    return false;
                }
                if (System.nanoTime() - lastReport > TimeUnit.SECONDS.toNanos(10)) {
                    progress.accept(correlationIds.size() - awaited.size());
                    lastReport = System.nanoTime();
                }
                TimeUnit.MILLISECONDS.sleep(SETTLED_CHECK_MILLIS);
            }
            return true;
        } finally {
            awaited.clear();
        }
    }

    /** How many of the prefix's workers have a settled outcome in that target. */
    int settledWorkers(String targetId) {
        var count = settledPerTarget.get(targetId);
        return count == null ? 0 : count.get();
    }

    /** When the target completed the last of them (epoch millis), or 0. */
    long lastCompletedMillis(String targetId) {
        var last = lastCompletedPerTarget.get(targetId);
        return last == null ? 0 : last.get();
    }

    Settled get(String correlationId) {
        return byCorrelation.get(correlationId);
    }

    @Override
    public void close() throws InterruptedException {
        running.set(false);
        thread.join(5000);
    }
}
