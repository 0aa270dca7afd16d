package io.provisioning.bench;

import java.nio.file.Files;
import java.nio.file.Path;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Measures policy-service on the running stack: N joiner events (default 100 000, starting today,
 * so each one is provisioned at once) produced straight to hr.events, and the time until policy-service
 * has relayed the N resulting commands to the command topics. Prints events/s and the largest heap
 * used meanwhile. Settings: bench.events, kafka.bootstrap.servers, stack.policy.url, bench.out.
 */
public final class PolicyBenchmark {

    private static final Pattern RELAYED = Pattern.compile("(?m)^provisioning_policy_outbox_relayed_total(?:\\{[^}]*})?\\s+([0-9.eE+]+)");
    private static final Pattern HEAP = Pattern.compile("jvm_memory_used_bytes\\{[^}]*area=\"heap\"[^}]*}\\s+([0-9.eE+]+)");

    private final String policy = System.getProperty("stack.policy.url", "http://127.0.0.1:8082");
    private final String bootstrap = System.getProperty("kafka.bootstrap.servers", "127.0.0.1:9092");
    private final int events = Integer.getInteger("bench.events", 100_000);
    private final String run = "P" + UUID.randomUUID().toString().substring(0, 6);

    public static void main(String[] args) throws Exception {
        new PolicyBenchmark().run();
    }

    private void run() throws Exception {
        System.out.printf(Locale.ROOT, "policy benchmark, run %s, against %s%n", run, policy);
        double before = metric(RELAYED);
        long start = System.nanoTime();
        double produceSeconds = produce();
        double maxHeap = 0;
        while (metric(RELAYED) < before + events) {
            maxHeap = Math.max(maxHeap, metric(HEAP));
            TimeUnit.MILLISECONDS.sleep(250);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        double rate = events / seconds;
        System.out.printf(Locale.ROOT, "joiners : %d hired events produced in %.1f s; %d commands relayed after %.1f s: %.0f events/s; heap used at most %.0f MB%n",
                events, produceSeconds, events, seconds, rate, maxHeap / 1e6);
        String json = String.format(Locale.ROOT,
                "{\"run\":\"%s\",\"events\":%d,\"seconds\":%.2f,\"eventsPerSecond\":%.0f,\"maxHeapMb\":%.0f}%n",
                run, events, seconds, rate, maxHeap / 1e6);
        Path out = Path.of(System.getProperty("bench.out", "target/bench/policy.json"));
        Files.createDirectories(out.getParent());
        Files.writeString(out, json);
        System.out.println("results written to " + out.toAbsolutePath());
    }

    private double produce() {
        Workforce workforce = new Workforce(run, 11);
        String today = LocalDate.now(ZoneOffset.UTC).toString();
        long start = System.nanoTime();
        try (KafkaProducer<String, String> producer = BenchKafka.producer(bootstrap, Map.of())) {
            for (int n = 0; n < events; n++) {
                String event = workforce.hiredEvent(n, run + "-" + n)
                        .replaceFirst("\"startDate\":\"[0-9-]+\"", "\"startDate\":\"" + today + "\"")
                        .replaceFirst(",\"endDate\":\"[0-9-]+\"", ",\"endDate\":\"2099-12-31\"");
                producer.send(new ProducerRecord<>("hr.events", workforce.workerId(n), event));
            }
            producer.flush();
        }
        return (System.nanoTime() - start) / 1e9;
    }

    private double metric(Pattern pattern) throws Exception {
        return Quiet.metric(policy, pattern);
    }

}
