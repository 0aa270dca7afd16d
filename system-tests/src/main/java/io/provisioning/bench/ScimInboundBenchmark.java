package io.provisioning.bench;

import io.provisioning.bench.ProcessSampler.Usage;
import io.provisioning.stack.StackKafka;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * {@code deploy/stack bench scim-inbound}: N users (default 100 000) as SCIM bulks of B (default
 * 1 000, the announced maxOperations), C in flight (default 4), through hr-ingest's /scim/v2/Bulk.
 * Prints the records per second to acknowledgement (every operation's status answered, i.e. its
 * HR events durable on hr.events), the records per second until OpenLDAP applied every account,
 * and the rate of the same bulks sent again (which publish nothing). With
 * {@code -Dbench.downstream=paused} the services downstream of hr.events (policy-, connector- and
 * audit-service) are stopped while the bulks are sent, so that hr-ingest has the machine's two cores
 * to itself (with PostgreSQL and Kafka) (the acknowledgement
 * rate is then hr-ingest's own), and started again for the accounts to flow to OpenLDAP. Settings: bench.users,
 * bench.batch, bench.concurrency, bench.resend (bulks sent again, default 10), bench.warmup (bulks
 * per warm-up round, default 10 paused, 5 running), bench.warmup.rounds (at most; default 3 paused, 1
 * running: with the pipeline running, the warm-up's users flow on to the targets while the bulks are
 * timed), bench.downstream, bench.out.
 */
public final class ScimInboundBenchmark {

    /** What consumes hr.events, directly or not: stopped while the bulks are sent with -Dbench.downstream=paused. */
    private static final List<String> DOWNSTREAM = List.of("policy-service", "connector-service", "audit-service");

    private static final Pattern STATUS = Pattern.compile("\"status\"\\s*:\\s*\"(\\d{3})\"");

    private final String ingest = System.getProperty("stack.ingest.url", "http://127.0.0.1:8081");
    private final String keycloak = System.getProperty("stack.keycloak.url", "http://127.0.0.1:8180");
    private final int users = Integer.getInteger("bench.users", 100_000);
    private final int batch = Integer.getInteger("bench.batch", 1000);
    private final int concurrency = Integer.getInteger("bench.concurrency", 4);
    private final int resend = Integer.getInteger("bench.resend", 10);
    private final boolean paused = "paused".equals(System.getProperty("bench.downstream", "running"));
    /** With the pipeline running, the warm-up's users flow on to the targets while the bulks are timed: one small round. */
    private final int warmup = Integer.getInteger("bench.warmup", paused ? 10 : 5);
    private final String run = "SB" + UUID.randomUUID().toString().substring(0, 6).toUpperCase(Locale.ROOT);
    private final Path pids = System.getProperty("stack.pids") != null
            ? Path.of(System.getProperty("stack.pids")) : io.provisioning.stack.StackPaths.pids();
    private String token;

    public static void main(String[] args) throws Exception {
        new ScimInboundBenchmark().run();
    }

    private void run() throws Exception {
        token = BenchHttp.token(keycloak, "hris-publisher");
        System.out.printf(Locale.ROOT, "SCIM inbound benchmark, run %s, against %s%n", run, ingest);
        BenchStack stack = paused ? BenchStack.fromSystemProperties() : null;
        if (paused) {
            for (String consumer : DOWNSTREAM) {
                stack.stop(consumer);
            }
            System.out.println(String.join(", ", DOWNSTREAM) + " stopped: the bulks' events wait on hr.events");
        }
        warmUp();

        Workforce workforce = new Workforce(run, 42);
        int bulks = users / batch;
        // the bodies are built before the clock starts: what is timed is the service, not this JVM
        List<String> bodies = bodies(workforce, bulks);
        try (OutcomeWatcher outcomes = new OutcomeWatcher(StackKafka.bootstrapServers(), run + "-");
             ProcessSampler sampler = new ProcessSampler(pids)) {
            sampler.startPhase();
            long start = System.nanoTime();
            long startMillis = System.currentTimeMillis();
            int created = sendAll(bodies, "201");
            double ackSeconds = (System.nanoTime() - start) / 1e9;
            List<Usage> usage = sampler.endPhase();
            System.out.printf(Locale.ROOT, "acknowledged : %d users in %d bulks of %d (%d in flight): %.1f s, %.0f users/s%n",
                    created, bulks, batch, concurrency, ackSeconds, created / ackSeconds);
            System.out.println("CPU meanwhile: " + usage.stream().filter(u -> u.cpuSeconds() >= 0.05)
                    .map(u -> String.format(Locale.ROOT, "%s %.1f s (%.0f us/user%s)", u.component(), u.cpuSeconds(),
                            u.cpuSeconds() * 1e6 / created, u.jitCpuSeconds() + u.gcCpuSeconds() >= 0.05
                                    ? String.format(Locale.ROOT, "; JIT %.1f s, GC %.1f s", u.jitCpuSeconds(), u.gcCpuSeconds()) : ""))
                    .collect(Collectors.joining(", ")) + String.format(Locale.ROOT, " (2 cores: at most %.0f s)", 2 * ackSeconds));

            if (paused) {
                for (int i = DOWNSTREAM.size() - 1; i >= 0; i--) {
                    stack.start(DOWNSTREAM.get(i));
                }
                System.out.printf(Locale.ROOT, "they were started again %.1f s after the first bulk was sent%n",
                        (System.currentTimeMillis() - startMillis) / 1000.0);
            }
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(20);
            while (outcomes.settledWorkers("corp-ldap") < created && System.nanoTime() < deadline) {
                TimeUnit.MILLISECONDS.sleep(200);
            }
            int inLdap = outcomes.settledWorkers("corp-ldap");
            double ldapSeconds = (outcomes.lastCompletedMillis("corp-ldap") - startMillis) / 1000.0;
            System.out.printf(Locale.ROOT, "in OpenLDAP  : %d accounts applied %.1f s after the first bulk was sent, %.0f users/s%n",
                    inLdap, ldapSeconds, inLdap / ldapSeconds);

            int again = Math.min(resend, bulks);
            long resendStart = System.nanoTime();
            int unchanged = sendAll(bodies.subList(0, again), "200");
            double resendSeconds = (System.nanoTime() - resendStart) / 1e9;
            System.out.printf(Locale.ROOT, "sent again   : %d users in %d bulks answered 200 (nothing published): %.1f s, %.0f users/s%n",
                    unchanged, again, resendSeconds, unchanged / resendSeconds);

            String json = String.format(Locale.ROOT, """
                    {"run":"%s","users":%d,"bulkSize":%d,"concurrency":%d,"downstream":"%s",
                     "acknowledged":{"seconds":%.2f,"usersPerSecond":%.0f,"cpuSeconds":{%s}},
                     "openLdap":{"accounts":%d,"seconds":%.2f,"usersPerSecond":%.0f},
                     "resent":{"users":%d,"seconds":%.2f,"usersPerSecond":%.0f}}
                    """, run, created, batch, concurrency, paused ? "paused" : "running", ackSeconds, created / ackSeconds,
                    usage.stream().map(u -> String.format(Locale.ROOT, "\"%s\":%.2f", u.component(), u.cpuSeconds()))
                            .collect(Collectors.joining(",")), inLdap, ldapSeconds,
                    inLdap / ldapSeconds, unchanged, resendSeconds, unchanged / resendSeconds);
            Path out = Path.of(System.getProperty("bench.out", "target/bench/scim-inbound.json"));
            Files.createDirectories(out.getParent());
            Files.writeString(out, json);
            System.out.println("results written to " + out.toAbsolutePath());
            if (inLdap < created) {
                throw new IllegalStateException((created - inLdap) + " accounts were not applied in OpenLDAP within 20 minutes");
            }
        }
    }

    /**
     * Until hr-ingest's JIT is done with both paths (new workers, the same bulks again): rounds of
     * {@code bench.warmup} bulks of new users, each sent again once, until the compiler threads
     * used less than 5 % of hr-ingest's CPU in a round (at most {@code bench.warmup.rounds}). A
     * freshly started service spends tens of seconds of CPU compiling, which is not its steady rate.
     */
    private void warmUp() throws Exception {
        int maxRounds = Integer.getInteger("bench.warmup.rounds", paused ? 3 : 1);
        Workforce warm = new Workforce(run + "W", 3);
        try (ProcessSampler sampler = new ProcessSampler(pids)) {
            for (int round = 1; round <= maxRounds; round++) {
                List<String> bodies = new ArrayList<>();
                for (int b = 0; b < warmup; b++) {
                    bodies.add(bulk(warm, ((round - 1) * warmup + b) * batch, batch));
                }
                sampler.startPhase();
                sendAll(bodies, "201");
                sendAll(bodies, "200");
                Usage ingestUsage = sampler.endPhase().stream()
                        .filter(u -> u.component().equals("hr-ingest-service")).findFirst().orElseThrow();
                double jitShare = ingestUsage.jitCpuSeconds() / Math.max(0.001, ingestUsage.cpuSeconds());
                if (jitShare < 0.05 || round == maxRounds) {
                    System.out.printf(Locale.ROOT, "warm-up : %d rounds of %d users in %d bulks, each sent again"
                            + " (not measured); hr-ingest's JIT used %.0f %% of its CPU in the last%n",
                            round, warmup * batch, warmup, 100 * jitShare);
                    return;
                }
            }
        }
    }

    /** The first {@code count} bulks of the workforce, in order (its random names are drawn in order). */
    private List<String> bodies(Workforce workforce, int count) {
        List<String> bodies = new ArrayList<>(count);
        for (int b = 0; b < count; b++) {
            bodies.add(bulk(workforce, b * batch, batch));
        }
        return bodies;
    }

    /** Sends the bulks, {@code concurrency} at a time; how many operations were answered with the expected status. */
    private int sendAll(List<String> bodies, String expected) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        List<Future<Integer>> sent = new ArrayList<>();
        for (String body : bodies) {
            sent.add(pool.submit(() -> send(body, expected)));
        }
        int total = 0;
        for (Future<Integer> result : sent) {
            total += result.get();
        }
        pool.shutdown();
        return total;
    }

    private String bulk(Workforce workforce, int first, int size) {
        StringBuilder body = new StringBuilder("{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:BulkRequest\"],\"Operations\":[");
        for (int i = 0; i < size; i++) {
            body.append(i == 0 ? "" : ",").append("{\"method\":\"POST\",\"path\":\"/Users\",\"bulkId\":\"")
                    .append(first + i).append("\",\"data\":").append(workforce.scimUser(first + i)).append('}');
        }
        return body.append("]}").toString();
    }

    private int send(String body, String expected) throws Exception {
        HttpResponse<String> response = BenchHttp.CLIENT.send(BenchHttp.post(ingest + "/scim/v2/Bulk", token,
                "application/scim+json", body.getBytes(StandardCharsets.UTF_8)), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("bulk answered " + response.statusCode() + ": " + response.body());
        }
        int matching = 0;
        Matcher m = STATUS.matcher(response.body());
        while (m.find()) {
            if (m.group(1).equals(expected)) {
                matching++;
            } else {
                throw new IllegalStateException("an operation answered " + m.group(1) + " (expected " + expected
                        + "): " + response.body().substring(0, Math.min(2000, response.body().length())));
            }
        }
        return matching;
    }
}
