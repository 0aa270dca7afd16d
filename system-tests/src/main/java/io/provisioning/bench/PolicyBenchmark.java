package io.provisioning.bench;

import io.provisioning.bench.ProcessSampler.Usage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * Measures policy-service on the running stack as the issue states it: N joiner events (default
 * 100 000, starting today, so each one is provisioned at once) already on hr.events, turned into
 * commands on the command topics. policy-service is stopped while the events are produced and
 * started again; the clock runs from its readiness until every worker of the run has a command on
 * {@code provisioning.commands.corp-ldap} (every joiner gets one there). Prints events/s, the
 * commands per target, the largest heap used, and the CPU each component used meanwhile.
 *
 * <p>By default connector-service and audit-service are stopped during the measurement, so that
 * the figure is policy-service's own (they catch up when started again at the end);
 * {@code -Dbench.others=running} keeps them running and measures the whole stack's contention.
 * Settings: bench.events, bench.others, kafka.bootstrap.servers, stack.policy.url, stack.root,
 * stack.pids, bench.out.
 */
public final class PolicyBenchmark {

    private static final Pattern HEAP = Pattern.compile("jvm_memory_used_bytes\\{[^}]*area=\"heap\"[^}]*}\\s+([0-9.eE+]+)");
    private static final List<String> OTHERS = List.of("connector-service", "audit-service");

    private final String policy = System.getProperty("stack.policy.url", "http://127.0.0.1:8082");
    private final String bootstrap = System.getProperty("kafka.bootstrap.servers", "127.0.0.1:9092");
    private final int events = Integer.getInteger("bench.events", 100_000);
    private final boolean isolated = !"running".equals(System.getProperty("bench.others", "stopped"));
    private final Path root = Path.of(System.getProperty("stack.root", "..")).toAbsolutePath().normalize();
    private final Path pids = Path.of(System.getProperty("stack.pids", "../.stack/pids"));
    private final String run = "P" + UUID.randomUUID().toString().substring(0, 6);

    public static void main(String[] args) throws Exception {
        new PolicyBenchmark().run();
    }

    private void run() throws Exception {
        System.out.printf(Locale.ROOT, "policy benchmark, run %s: %d joiners on hr.events, other consumers %s%n",
                run, events, isolated ? "stopped" : "running");
        // policy-service starts idle: no outcome feedback left over from earlier runs competes with the joiners
        System.out.println("waiting until policy-service has consumed everything before the run");
        awaitNoLag(List.of("policy-service", "policy-service-outcomes"));
        List<String> stopped = new ArrayList<>();
        try (CommandWatcher commands = new CommandWatcher(bootstrap, run + "-")) {
            stack("stop", "policy-service");
            stopped.add("policy-service");
            if (isolated) {
                for (String other : OTHERS) {
                    stack("stop", other);
                    stopped.add(other);
                }
            }
            double produceSeconds = produce();
            System.out.printf(Locale.ROOT, "produced %d hired events to hr.events in %.1f s; starting policy-service%n",
                    events, produceSeconds);
            stack("start", "policy-service");
            stopped.remove("policy-service");
            long ready = System.nanoTime();
            double maxHeap = 0;
            try (ProcessSampler sampler = new ProcessSampler(pids)) {
                sampler.startPhase();
                while (commands.workers("provisioning.commands.corp-ldap") < events) {
                    maxHeap = Math.max(maxHeap, Quiet.metric(policy, HEAP));
                    TimeUnit.MILLISECONDS.sleep(1000); // the metrics page itself costs CPU
                }
                double seconds = (System.nanoTime() - ready) / 1e9;
                double firstToLast = (commands.lastTimestamp() - commands.firstTimestamp()) / 1e3;
                report(seconds, firstToLast, maxHeap, commands, sampler.endPhase());
            }
        } finally {
            for (String component : stopped) {
                stack("start", component);
            }
        }
    }

    private void report(double seconds, double firstToLast, double maxHeap, CommandWatcher commands,
                        List<Usage> usage) throws IOException {
        double rate = events / seconds;
        System.out.printf(Locale.ROOT, "joiners : %d events turned into commands %.1f s after policy-service was ready: "
                + "%.0f events/s (first to last command %.1f s: %.0f events/s); heap used at most %.0f MB%n",
                events, seconds, rate, firstToLast, events / firstToLast, maxHeap / 1e6);
        System.out.println("commands: " + commands.countsByTopic());
        String cpu = usage.stream().filter(u -> u.cpuSeconds() > 0.5)
                .map(u -> String.format(Locale.ROOT, "%s %.1f s", u.component(), u.cpuSeconds()))
                .collect(Collectors.joining(", "));
        System.out.println("CPU     : " + cpu + " (2 cores: at most " + Math.round(2 * seconds) + " s)");
        String json = String.format(Locale.ROOT,
                "{\"run\":\"%s\",\"events\":%d,\"others\":\"%s\",\"seconds\":%.2f,\"eventsPerSecond\":%.0f,"
                        + "\"firstToLastSeconds\":%.2f,\"maxHeapMb\":%.0f,\"commands\":%s,\"cpuSeconds\":{%s}}%n",
                run, events, isolated ? "stopped" : "running", seconds, rate, firstToLast, maxHeap / 1e6,
                commands.countsByTopic().entrySet().stream()
                        .map(e -> "\"" + e.getKey() + "\":" + e.getValue()).collect(Collectors.joining(",", "{", "}")),
                usage.stream().map(u -> String.format(Locale.ROOT, "\"%s\":%.1f", u.component(), u.cpuSeconds()))
                        .collect(Collectors.joining(",")));
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

    private void awaitNoLag(List<String> groups) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            while (lag(admin, groups) > 0) {
                TimeUnit.SECONDS.sleep(2);
            }
        }
    }

    private static long lag(Admin admin, List<String> groups) throws Exception {
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

    /** deploy/stack stop|start NAME; start waits until the component is ready. */
    private void stack(String command, String component) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(root.resolve("deploy/stack").toString(), command, component)
                .directory(root.toFile()).inheritIO().start();
        if (process.waitFor() != 0) {
            throw new IllegalStateException("deploy/stack " + command + " " + component + " failed");
        }
    }
}
