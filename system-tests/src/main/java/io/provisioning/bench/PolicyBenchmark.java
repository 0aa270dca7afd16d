package io.provisioning.bench;

import io.provisioning.stack.StackKafka;
import io.provisioning.bench.ProcessSampler.Usage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Measures policy-service on the running stack: N joiner events (default 100 000, starting today,
 * so each one is provisioned at once) turned into commands on the command topics. The clock stops
 * when every worker of the run has a command on {@code provisioning.commands.corp-ldap} (every
 * joiner gets one there). Prints events/s, the commands per target, the largest heap used, and the
 * CPU each component used meanwhile.
 *
 * <p>By default (bench.mode=warm) policy-service keeps running: 100 000 joiners warm it up (the JIT
 * has compiled the hot paths, as in a service that has been up for a while; 20 000 were not enough
 * for a steady figure), then the N events are produced at once and the clock runs from the first
 * one sent. With bench.mode=restart the events
 * wait on hr.events while policy-service restarts, and the clock runs from its readiness (a cold
 * JVM, compiling while it works).
 *
 * <p>connector-service and audit-service are stopped during the measurement, so that the figure is
 * policy-service's own; they catch up when started again at the end. {@code -Dbench.others=running}
 * keeps them running and measures the whole stack's contention. Settings: bench.events,
 * bench.warmup, bench.mode, bench.others, kafka.bootstrap.servers, stack.policy.url, stack.root,
 * stack.pids, bench.out.
 */
public final class PolicyBenchmark {

    private static final Pattern HEAP = Pattern.compile("jvm_memory_used_bytes\\{[^}]*area=\"heap\"[^}]*}\\s+([0-9.eE+]+)");
    private static final List<String> OTHERS = List.of("connector-service", "audit-service");

    private final String policy = System.getProperty("stack.policy.url", "http://127.0.0.1:8082");
    private final String bootstrap = StackKafka.bootstrapServers();
    private final int events = Integer.getInteger("bench.events", 100_000);
    private final int warmup = Integer.getInteger("bench.warmup", 100_000);
    private final boolean restart = "restart".equals(System.getProperty("bench.mode", "warm"));
    private final boolean isolated = !"running".equals(System.getProperty("bench.others", "stopped"));
    private final BenchStack stack = BenchStack.fromSystemProperties();
    private final Path pids = System.getProperty("stack.pids") != null
            ? Path.of(System.getProperty("stack.pids")) : io.provisioning.stack.StackPaths.pids();
    private final String run = "P" + UUID.randomUUID().toString().substring(0, 6);

    public static void main(String[] args) throws Exception {
        new PolicyBenchmark().run();
    }

    private void run() throws Exception {
        System.out.printf(Locale.ROOT, "policy benchmark, run %s: %d joiners, %s policy-service, other consumers %s%n",
                run, events, restart ? "restarted (cold)" : "running (warmed up)", isolated ? "stopped" : "running");
        List<String> stopped = new ArrayList<>();
        try {
            if (isolated) {
                for (String other : OTHERS) {
                    if (stack.isRunning(other)) {
                        stack.stop(other);
                        stopped.add(other);
                    }
                }
            }
            // policy-service starts idle: no outcome feedback left over from earlier runs competes with the joiners
            System.out.println("waiting until policy-service has consumed everything before the run");
            awaitNoLag(List.of("policy-service", "policy-service-outcomes"));
            if (restart) {
                measureAfterRestart(stopped);
            } else {
                measureWarm();
            }
        } finally {
            for (String component : stopped) {
                stack.start(component);
            }
        }
    }

    /** Warm-up joiners first (the JIT compiles the hot paths), then the measured ones, produced at once. */
    private void measureWarm() throws Exception {
        if (warmup > 0) {
            try (CommandWatcher commands = new CommandWatcher(bootstrap, run + "w-")) {
                List<ProducerRecord<String, String>> records = joiners(new Workforce(run + "w", 7), warmup);
                long t0 = System.currentTimeMillis();
                produce(records);
                awaitCommands(commands, warmup);
                System.out.printf(Locale.ROOT, "warm-up : %d joiners in %.1f s%n", warmup,
                        (commands.lastTimestamp() - t0) / 1e3);
            }
            awaitNoLag(List.of("policy-service", "policy-service-outcomes"));
        }
        try (CommandWatcher commands = new CommandWatcher(bootstrap, run + "-");
             ProcessSampler sampler = new ProcessSampler(pids)) {
            List<ProducerRecord<String, String>> records = joiners(new Workforce(run, 11), events);
            sampler.startPhase();
            long t0 = System.currentTimeMillis();
            double produceSeconds = produce(records);
            double maxHeap = awaitCommands(commands, events);
            report("from the first event produced", (commands.lastTimestamp() - t0) / 1e3, produceSeconds, maxHeap,
                    commands, sampler.endPhase());
        }
    }

    /** The wording taken literally: the events are on hr.events before policy-service starts. */
    private void measureAfterRestart(List<String> stopped) throws Exception {
        try (CommandWatcher commands = new CommandWatcher(bootstrap, run + "-")) {
            stack.stop("policy-service");
            stopped.add("policy-service");
            double produceSeconds = produce(joiners(new Workforce(run, 11), events));
            stack.start("policy-service");
            stopped.remove("policy-service");
            long ready = System.currentTimeMillis();
            try (ProcessSampler sampler = new ProcessSampler(pids)) {
                sampler.startPhase();
                double maxHeap = awaitCommands(commands, events);
                report("from policy-service's readiness", (commands.lastTimestamp() - ready) / 1e3, produceSeconds,
                        maxHeap, commands, sampler.endPhase());
            }
        }
    }

    /** Waits until every worker has a command in corp-ldap (every joiner gets one); returns the largest heap seen. */
    private double awaitCommands(CommandWatcher commands, int workers) throws Exception {
        double maxHeap = 0;
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(30);
        while (commands.workers("provisioning.commands.corp-ldap") < workers) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("after 30 minutes only " + commands.workers("provisioning.commands.corp-ldap")
                        + " of " + workers + " workers have a command");
            }
            maxHeap = Math.max(maxHeap, Quiet.metric(policy, HEAP));
            TimeUnit.MILLISECONDS.sleep(1000); // the metrics page itself costs CPU
        }
        return Math.max(maxHeap, Quiet.metric(policy, HEAP));
    }

    private void report(String from, double seconds, double produceSeconds, double maxHeap, CommandWatcher commands,
                        List<Usage> usage) throws IOException {
        double rate = events / seconds;
        double firstToLast = (commands.lastTimestamp() - commands.firstTimestamp()) / 1e3;
        System.out.printf(Locale.ROOT, "produced: %d hired events in %.1f s%n", events, produceSeconds);
        System.out.printf(Locale.ROOT, "joiners : every worker has its commands %.1f s %s: %.0f events/s "
                + "(first to last command %.1f s); heap used at most %.0f MB%n",
                seconds, from, rate, firstToLast, maxHeap / 1e6);
        System.out.println("commands: " + commands.countsByTopic());
        String cpu = usage.stream().filter(u -> u.cpuSeconds() > 0.5)
                .map(u -> String.format(Locale.ROOT, "%s %.1f s", u.component(), u.cpuSeconds()))
                .collect(Collectors.joining(", "));
        System.out.println("CPU     : " + cpu + " (2 cores: at most " + Math.round(2 * seconds) + " s)");
        String json = String.format(Locale.ROOT,
                "{\"run\":\"%s\",\"events\":%d,\"mode\":\"%s\",\"others\":\"%s\",\"seconds\":%.2f,\"eventsPerSecond\":%.0f,"
                        + "\"firstToLastSeconds\":%.2f,\"maxHeapMb\":%.0f,\"commands\":%s,\"cpuSeconds\":{%s}}%n",
                run, events, restart ? "restart" : "warm", isolated ? "stopped" : "running", seconds, rate, firstToLast, maxHeap / 1e6,
                commands.countsByTopic().entrySet().stream()
                        .map(e -> "\"" + e.getKey() + "\":" + e.getValue()).collect(Collectors.joining(",", "{", "}")),
                usage.stream().map(u -> String.format(Locale.ROOT, "\"%s\":%.1f", u.component(), u.cpuSeconds()))
                        .collect(Collectors.joining(",")));
        Path out = Path.of(System.getProperty("bench.out", "target/bench/policy.json"));
        Files.createDirectories(out.getParent());
        Files.writeString(out, json);
        System.out.println("results written to " + out.toAbsolutePath());
    }

    /** The joiners' records, made before any clock runs: the load generator shares the machine. */
    private static List<ProducerRecord<String, String>> joiners(Workforce workforce, int events) {
        String today = LocalDate.now(ZoneOffset.UTC).toString();
        List<ProducerRecord<String, String>> records = new ArrayList<>(events);
        for (int n = 0; n < events; n++) {
            String event = workforce.hiredEvent(n, workforce.workerId(n) + "-hired")
                    .replaceFirst("\"startDate\":\"[0-9-]+\"", "\"startDate\":\"" + today + "\"")
                    .replaceFirst(",\"endDate\":\"[0-9-]+\"", ",\"endDate\":\"2099-12-31\"");
            records.add(new ProducerRecord<>("hr.events", workforce.workerId(n), event));
        }
        return records;
    }

    private double produce(List<ProducerRecord<String, String>> records) {
        long start = System.nanoTime();
        try (KafkaProducer<String, String> producer = BenchKafka.producer(bootstrap, Map.of())) {
            records.forEach(producer::send);
            producer.flush();
        }
        return (System.nanoTime() - start) / 1e9;
    }

    private void awaitNoLag(List<String> groups) throws Exception {
        try (Admin admin = Admin.create(StackKafka.admin())) {
            while (BenchKafka.lag(admin, groups) > 0) {
                TimeUnit.SECONDS.sleep(2);
            }
        }
    }
}
