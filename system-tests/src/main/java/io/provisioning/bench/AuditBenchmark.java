package io.provisioning.bench;

import io.provisioning.stack.StackKafka;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Measures audit-service on the running stack and prints the figures:
 * <ol>
 *   <li>W records (default 100 000) to warm the service up, not counted;</li>
 *   <li>N records (default 500 000: notices, commands, outcomes of synthetic workers) produced
 *       to the topics as fast as the broker takes them; the trail's rate is records stored per
 *       second from the first produced record to the last stored one (the counter on /q/metrics);</li>
 *   <li>then, with at least M records stored (default 1 000 000, topped up the same way),
 *       {@code access} and {@code trace} latencies over sequential requests: p50/p95/p99.</li>
 * </ol>
 * With bench.mode=backlog the N records are produced while audit-service is stopped and the rate is
 * that of draining them after it starts (see {@link #drainBacklog()}).
 * Settings: bench.mode, bench.records, bench.warmup (0: measure a service as it starts), bench.total,
 * bench.queries, kafka.bootstrap.servers, stack.audit.url, stack.keycloak.url, stack.root, bench.out.
 */
public final class AuditBenchmark {

    private final String audit = System.getProperty("stack.audit.url", "http://127.0.0.1:8084");
    private final String keycloak = System.getProperty("stack.keycloak.url", "http://127.0.0.1:8180");
    private final String bootstrap = StackKafka.bootstrapServers();
    private final int records = Integer.getInteger("bench.records", 500_000);
    private final int total = Integer.getInteger("bench.total", 1_000_000);
    private final int queries = Integer.getInteger("bench.queries", 2000);
    /** Records stored before the clock runs, so that the figure is the trail's steady rate, not its JIT's. */
    private final int warmUp = Integer.getInteger("bench.warmup", 100_000);
    private final boolean backlog = "backlog".equals(System.getProperty("bench.mode", "running"));
    private final BenchStack stack = BenchStack.fromSystemProperties();
    /** Warm-up steps are numbered apart from the measured ones: their ids never collide. */
    private static final int WARM_UP_OFFSET = 2_000_000_000 - 200_000;
    private final String run = "A" + UUID.randomUUID().toString().substring(0, 6);
    /** A target nobody serves: see {@link #awaitBenchTopicRecorded()}. */
    private static final String COMMANDS = "provisioning.commands.audit-bench";

    public static void main(String[] args) throws Exception {
        new AuditBenchmark().run();
    }

    private void run() throws Exception {
        System.out.printf(Locale.ROOT, "audit benchmark, run %s, against %s (%s)%n", run, audit,
                backlog ? "backlog drained after a restart" : "records produced while it runs");
        awaitBenchTopicRecorded();
        if (backlog) {
            drainBacklog();
        } else {
            ingestWhileProducing();
        }
    }

    /**
     * The records are produced while the service runs: its rate is measured with the load generator
     * on the same two cores.
     */
    private void ingestWhileProducing() throws Exception {
        if (warmUp > 0) {
            double before = stored();
            long start = System.nanoTime();
            produce(warmUp, WARM_UP_OFFSET);
            awaitStored(before + warmUp);
            System.out.printf(Locale.ROOT, "warm-up : %d records stored in %.1f s (not counted)%n", warmUp,
                    (System.nanoTime() - start) / 1e9);
        }
        double before = stored();
        long start = System.nanoTime();
        double produceSeconds = produce(records, 0);
        awaitStored(before + records);
        double ingestSeconds = (System.nanoTime() - start) / 1e9;
        double rate = records / ingestSeconds;
        System.out.printf(Locale.ROOT, "ingest  : %d records produced in %.1f s (%.0f/s); all stored after %.1f s: %.0f records/s%n",
                records, produceSeconds, records / produceSeconds, ingestSeconds, rate);
        latencies(ingestSeconds, rate, produceSeconds);
    }

    /**
     * The records wait on Kafka while audit-service is stopped, as after an outage; then it starts
     * and drains them with the two cores to itself. The clock runs from the first time its counter
     * shows records stored (those are not counted; the consumer groups' joining is not timed) to
     * the last record; the service starts cold, its JIT compiling meanwhile.
     */
    private void drainBacklog() throws Exception {
        stack.stop("audit-service");
        double produceSeconds = produce(records, 0);
        System.out.printf(Locale.ROOT, "backlog : %d records produced in %.1f s while audit-service was stopped%n",
                records, produceSeconds);
        Process starting = stack.startInBackground("audit-service");
        double first = 0;
        long firstAt = 0;
        while (first == 0) {
            try {
                first = stored();
                firstAt = System.nanoTime();
            } catch (java.io.IOException notListeningYet) {
                // not listening yet
            }
            TimeUnit.MILLISECONDS.sleep(20);
        }
        awaitStored(records);
        double seconds = (System.nanoTime() - firstAt) / 1e9;
        double rate = (records - first) / seconds;
        stack.awaitStarted(starting, "audit-service");
        System.out.printf(Locale.ROOT, "ingest  : %.0f records stored when the counter first showed any; the other %.0f"
                + " stored in %.1f s: %.0f records/s%n", first, records - first, seconds, rate);
        latencies(seconds, rate, produceSeconds);
    }

    private void latencies(double ingestSeconds, double rate, double produceSeconds) throws Exception {
        double now = stored();
        if (now < total) {
            int missing = (int) (total - now);
            System.out.printf(Locale.ROOT, "filling : %d more records to reach %d stored%n", missing, total);
            produce(missing, records);
            awaitStored(total);
        }
        String token = BenchHttp.token(keycloak, "audit-reader");
        Percentiles access = latency(token, n -> "/api/v1/audit/access/" + worker(n) + "?at=" + Instant.now());
        Percentiles trace = latency(token, n -> "/api/v1/audit/trace/" + correlation(n));
        System.out.printf(Locale.ROOT, "access  : %s (%.0f records stored since the service started; the trail holds at least that many)%n", access, stored());
        System.out.printf(Locale.ROOT, "trace   : %s%n", trace);
        String json = String.format(Locale.ROOT, """
                {"run":"%s","mode":"%s","warmUpRecords":%d,"ingest":{"records":%d,"seconds":%.2f,"recordsPerSecond":%.0f,"produceSeconds":%.2f},
                 "stored":%.0f,"access":{"p50Ms":%.2f,"p95Ms":%.2f,"p99Ms":%.2f},"trace":{"p50Ms":%.2f,"p95Ms":%.2f,"p99Ms":%.2f}}
                """, run, backlog ? "backlog" : "running", backlog ? 0 : warmUp, records, ingestSeconds, rate, produceSeconds, stored(), access.p50(), access.p95(),
                access.p99(), trace.p50(), trace.p95(), trace.p99());
        Path out = Path.of(System.getProperty("bench.out", "target/bench/audit.json"));
        Files.createDirectories(out.getParent());
        Files.writeString(out, json);
        System.out.println("results written to " + out.toAbsolutePath());
    }

    /** Produces count records: per story step an HR event, a command and an outcome. */
    private double produce(int count, int offset) {
        long start = System.nanoTime();
        try (KafkaProducer<String, String> producer = BenchKafka.producer(bootstrap,
                Map.of(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4"))) {
            for (int i = offset; i < offset + count; i++) {
                int step = i / 3;
                String worker = worker(step);
                String correlation = correlation(step);
                switch (i % 3) {
                    case 0 -> producer.send(new ProducerRecord<>("policy.changes", worker, notice(worker, correlation)));
                    case 1 -> producer.send(new ProducerRecord<>(COMMANDS, worker, command(worker, correlation, step)));
                    default -> producer.send(new ProducerRecord<>("provisioning.outcomes", worker,
                            outcome(worker, correlation, step)));
                }
            }
            producer.flush();
        }
        return (System.nanoTime() - start) / 1e9;
    }

    /**
     * The commands go to a topic of their own, which no connector serves: on a real target's topic
     * connector-service would apply them on the same two cores (and create the accounts). The trail
     * subscribes to command topics by pattern; one record stored proves it found this one.
     */
    private void awaitBenchTopicRecorded() throws Exception {
        try (Admin admin = Admin.create(StackKafka.admin())) {
            if (!admin.listTopics().names().get().contains(COMMANDS)) {
                admin.createTopics(List.of(new NewTopic(COMMANDS, 3, (short) 1))).all().get();
            }
        }
        double before = stored();
        try (KafkaProducer<String, String> producer = BenchKafka.producer(bootstrap, Map.of())) {
            producer.send(new ProducerRecord<>(COMMANDS, run, command(run, run + "-warm-up", 0))).get();
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (stored() <= before) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("audit-service did not record " + COMMANDS + " within 60 s");
            }
            TimeUnit.MILLISECONDS.sleep(200);
        }
    }

    private Percentiles latency(String token, java.util.function.IntFunction<String> path) throws Exception {
        Random random = new Random(3);
        long[] nanos = new long[queries];
        int steps = records / 3;
        for (int q = 0; q < queries; q++) {
            HttpRequest request = HttpRequest.newBuilder(URI.create(audit + path.apply(random.nextInt(steps))))
                    .timeout(Duration.ofSeconds(30)).header("Authorization", "Bearer " + token).GET().build();
            long start = System.nanoTime();
            HttpResponse<Void> answer = BenchHttp.CLIENT.send(request, HttpResponse.BodyHandlers.discarding());
            nanos[q] = System.nanoTime() - start;
            if (answer.statusCode() != 200) {
                throw new IllegalStateException(request.uri() + " answered " + answer.statusCode());
            }
        }
        return Percentiles.of(nanos);
    }

    private void awaitStored(double count) throws Exception {
        while (stored() < count) {
            TimeUnit.MILLISECONDS.sleep(100);
        }
    }

    private double stored() throws Exception {
        return Quiet.stored(audit);
    }

    private String worker(int step) {
        return run + "-W" + (step % 50_000);
    }

    private String correlation(int step) {
        return run + "-evt-" + step;
    }

    /**
     * A notice on policy.changes: a topic only the trail consumes, so that the figure is the
     * trail's own (HR events would also set policy-service to work on the same two cores).
     */
    private static String notice(String worker, String id) {
        return "{\"type\":\"operator.action\",\"id\":\"n-" + id + "\",\"time\":\"" + Instant.now()
                + "\",\"actor\":\"bench\",\"action\":\"bench.notice\",\"targetId\":\"audit-bench\",\"subject\":\""
                + worker + "\",\"detail\":\"" + id + "\",\"correlationId\":\"" + id + "\",\"workerId\":\"" + worker + "\"}";
    }

    private static String command(String worker, String id, int step) {
        return "{\"commandId\":\"c-" + id + "\",\"correlationId\":\"" + id + "\",\"workerId\":\"" + worker
                + "\",\"targetId\":\"audit-bench\",\"accountId\":\"a" + worker + "\",\"sequence\":" + step
                + ",\"state\":\"PRESENT\",\"groups\":[\"sales\"],\"managedGroups\":[\"sales\",\"finance\"]}";
    }

    private static String outcome(String worker, String id, int step) {
        return "{\"outcomeId\":\"c-" + id + "/1\",\"commandId\":\"c-" + id + "\",\"correlationId\":\"" + id
                + "\",\"workerId\":\"" + worker + "\",\"targetId\":\"audit-bench\",\"accountId\":\"a" + worker
                + "\",\"sequence\":" + step + ",\"status\":\"APPLIED\",\"state\":\"PRESENT\",\"groups\":[\"sales\"],"
                + "\"attempt\":1,\"completedAt\":\"" + Instant.now() + "\"}";
    }
}
