package io.provisioning.bench;

import io.provisioning.stack.StackKafka;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Access requests at a steady pace through the API, on the running stack. N workers are hired as
 * reports of the demo manager Amelia (DEMO-001), in Legal (corp-ldap accounts only, so that no
 * SaaS target's backlog competes with the measurement); she asks for {@code production-access} in corp-ldap
 * for each (the default policy: a manager stage, where she is passed over as the one asking and the
 * fallback approver Ines decides, then the owner Sven). The 2N decisions are then sent at a steady
 * rate (default 100/s, stage 1 then stage 2 of each block of requests). For each request, the time
 * from its last approval (the answer to Sven's approve) to the group applied in OpenLDAP (the
 * connector's completion of the grant's command, from provisioning.outcomes). At the end every grant
 * is revoked, and the revocations are timed too.
 *
 * <p>Settings: bench.requests (10 000), bench.rate (decisions/s, 100), bench.threads (16),
 * stack.policy.url, stack.ingest.url, stack.keycloak.url, bench.out.
 */
public final class RequestsBenchmark {

    private static final Pattern REQUEST_ID = Pattern.compile("\"requestId\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern STATE = Pattern.compile("\"state\"\\s*:\\s*\"([A-Z]+)\"");
    private static final String GROUP = "production-access";

    private final String policy = System.getProperty("stack.policy.url", "http://127.0.0.1:8082");
    private final String ingest = System.getProperty("stack.ingest.url", "http://127.0.0.1:8081");
    private final String keycloak = System.getProperty("stack.keycloak.url", "http://127.0.0.1:8180");
    private final int requests = Integer.getInteger("bench.requests", 10_000);
    private final int rate = Integer.getInteger("bench.rate", 100);
    private final int threads = Integer.getInteger("bench.threads", 16);
    private final String run = "BR" + UUID.randomUUID().toString().substring(0, 6).toUpperCase(Locale.ROOT);
    private final UserTokens tokens = new UserTokens(keycloak);

    public static void main(String[] args) throws Exception {
        new RequestsBenchmark().run();
    }

    private void run() throws Exception {
        System.out.printf(Locale.ROOT, "access requests benchmark, run %s: %d requests, two stages each, decisions at %d/s%n",
                run, requests, rate);
        List<String> workers = new ArrayList<>();
        for (int i = 0; i < requests; i++) {
            workers.add(run + "-" + i);
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try (OutcomeWatcher hires = new OutcomeWatcher(StackKafka.bootstrapServers(), run);
             OutcomeWatcher grants = new OutcomeWatcher(StackKafka.bootstrapServers(), run)) {
            List<String> hireIds = hire(workers);
            if (!hires.awaitSettled(hireIds, System.nanoTime() + TimeUnit.MINUTES.toNanos(10),
                    n -> System.out.printf("  hired and provisioned: %d of %d%n", n, workers.size()))) {
                throw new IllegalStateException("the workers were not provisioned within 10 minutes");
            }

            long createStart = System.nanoTime();
            List<String> ids = createRequests(workers, pool);
            double createSeconds = (System.nanoTime() - createStart) / 1e9;
            System.out.printf(Locale.ROOT, "requests made: %d in %.1f s (%.0f/s), each routed to its first stage%n",
                    ids.size(), createSeconds, ids.size() / createSeconds);

            Map<String, Long> lastApproval = new ConcurrentHashMap<>();
            AtomicInteger retries = new AtomicInteger();
            long decideStart = System.nanoTime();
            decide(ids, pool, lastApproval, retries);
            double decideSeconds = (System.nanoTime() - decideStart) / 1e9;
            System.out.printf(Locale.ROOT, "decisions: %d in %.1f s (%.1f/s; %d stage-2 decisions sent again because"
                    + " stage 1 was not through yet)%n", 2 * ids.size(), decideSeconds, 2 * ids.size() / decideSeconds,
                    retries.get());

            if (!grants.awaitSettled(ids, System.nanoTime() + TimeUnit.MINUTES.toNanos(5),
                    n -> System.out.printf("  grants applied in OpenLDAP: %d of %d%n", n, ids.size()))) {
                System.out.println("  not every grant was applied within 5 minutes after the last decision");
            }
            long[] latencies = new long[ids.size()];
            int applied = 0;
            int withinTwoSeconds = 0;
            for (String id : ids) {
                OutcomeWatcher.Settled settled = grants.get(id);
                Long approvedAt = lastApproval.get(id);
                if (settled == null || approvedAt == null || !"APPLIED".equals(settled.status())) {
                    continue;
                }
                long millis = Math.max(0, settled.completedAtMillis() - approvedAt);
                latencies[applied++] = TimeUnit.MILLISECONDS.toNanos(millis);
                if (millis <= 2000) {
                    withinTwoSeconds++;
                }
            }
            Percentiles latency = Percentiles.of(java.util.Arrays.copyOf(latencies, applied));
            System.out.printf(Locale.ROOT, "last approval -> group in OpenLDAP: %s%n", latency);
            System.out.printf(Locale.ROOT, "provisioned within 2 s of the last approval: %d of %d (%.2f %%)%n",
                    withinTwoSeconds, ids.size(), 100.0 * withinTwoSeconds / ids.size());

            long revokeStart = System.nanoTime();
            int revoked = revokeAll(ids, pool);
            double revokeSeconds = (System.nanoTime() - revokeStart) / 1e9;
            System.out.printf(Locale.ROOT, "revoked: %d in %.1f s (%.0f/s)%n", revoked, revokeSeconds, revoked / revokeSeconds);

            String json = String.format(Locale.ROOT, """
                    {"run":"%s","requests":%d,"rate":%d,"createdPerSecond":%.1f,"decisionsPerSecond":%.1f,\
                    "lastApprovalToDirectory":{"count":%d,"p50Millis":%.1f,"p95Millis":%.1f,"p99Millis":%.1f,"maxMillis":%.1f},\
                    "withinTwoSeconds":%d,"revokedPerSecond":%.1f}
                    """, run, ids.size(), rate, ids.size() / createSeconds, 2 * ids.size() / decideSeconds, latency.count(),
                    latency.p50(), latency.p95(), latency.p99(), latency.max(), withinTwoSeconds, revoked / revokeSeconds);
            Path out = Path.of(System.getProperty("bench.out", "target/bench/requests.json"));
            Files.createDirectories(out.getParent());
            Files.writeString(out, json);
        } finally {
            pool.shutdownNow();
        }
    }

    /** Hires the workers as Amelia's reports (and makes sure the demo approvers are there). */
    private List<String> hire(List<String> workers) throws Exception {
        String start = LocalDate.now(ZoneOffset.UTC).minusDays(30).toString();
        Map<String, String> approvers = Map.of(
                "DEMO-001",
                BenchWorkers.worker("DEMO-001", "Amelia", "Nowak", "Engineering", "Engineering Manager", null, "2022-01-01"),
                "DEMO-009",
                BenchWorkers.worker("DEMO-009", "Ines", "García", "IT", "Systems Administrator", null, "2022-09-01"),
                "DEMO-019",
                BenchWorkers.worker("DEMO-019", "Sven", "Larsson", "IT", "Systems Administrator", "DEMO-009", "2024-07-15"));
        List<String> events = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        approvers.forEach((workerId, record) ->
                events.add(BenchWorkers.hiredEvent(UUID.randomUUID().toString(), workerId, record)));
        for (String worker : workers) {
            String id = UUID.randomUUID().toString();
            ids.add(id);
            events.add(BenchWorkers.hiredEvent(id, worker, BenchWorkers.worker(worker, "Req",
                    "Bench" + BenchWorkers.letters(worker), "Legal", "Counsel", "DEMO-001", start)));
        }
        BenchWorkers.publish(ingest, keycloak, events);
        return ids;
    }

    private List<String> createRequests(List<String> workers, ExecutorService pool) throws Exception {
        List<Future<String>> created = new ArrayList<>();
        for (String worker : workers) {
            created.add(pool.submit(() -> {
                String body = """
                        {"beneficiary":"%s","targetId":"corp-ldap","group":"%s","duration":"P7D","justification":"benchmark %s"}"""
                        .formatted(worker, GROUP, run);
                HttpResponse<String> answer = send("amelia", policy + "/api/v1/access-requests", body);
                Matcher id = REQUEST_ID.matcher(answer.body());
                if (answer.statusCode() != 201 || !id.find()) {
                    throw new IllegalStateException("request for " + worker + ": HTTP " + answer.statusCode() + " " + answer.body());
                }
                return id.group(1);
            }));
        }
        List<String> ids = new ArrayList<>();
        for (Future<String> future : created) {
            ids.add(future.get());
        }
        return ids;
    }

    /**
     * Sends the decisions at the steady rate: blocks of rate/2 requests, stage 1 of the block, then
     * stage 2. A stage-2 decision that arrives before stage 1 is through (403) is sent again.
     */
    private void decide(List<String> ids, ExecutorService pool, Map<String, Long> lastApproval, AtomicInteger retries)
            throws Exception {
        int block = Math.max(1, rate / 2);
        long intervalNanos = TimeUnit.SECONDS.toNanos(1) / rate;
        long next = System.nanoTime();
        List<Future<?>> sent = new ArrayList<>();
        for (int from = 0; from < ids.size(); from += block) {
            List<String> slice = ids.subList(from, Math.min(ids.size(), from + block));
            for (int stage = 1; stage <= 2; stage++) {
                for (String id : slice) {
                    long wait = next - System.nanoTime();
                    if (wait > 0) {
                        TimeUnit.NANOSECONDS.sleep(wait);
                    }
                    next += intervalNanos;
                    String approver = stage == 1 ? "ines" : "sven";
                    boolean last = stage == 2;
                    sent.add(pool.submit(() -> {
                        approve(approver, id, last, lastApproval, retries);
                        return null;
                    }));
                }
            }
        }
        for (Future<?> future : sent) {
            future.get();
        }
    }

    private void approve(String approver, String id, boolean last, Map<String, Long> lastApproval, AtomicInteger retries)
            throws Exception {
        for (int attempt = 0; attempt < 50; attempt++) {
            HttpResponse<String> answer = send(approver, policy + "/api/v1/access-requests/" + id + "/approve",
                    "{\"comment\":\"benchmark\"}");
            long answeredAt = System.currentTimeMillis();
            if (answer.statusCode() == 200) {
                if (last) {
                    Matcher state = STATE.matcher(answer.body());
                    if (!state.find() || !state.group(1).equals("ACTIVE")) {
                        throw new IllegalStateException("request " + id + " is not ACTIVE after its last approval: " + answer.body());
                    }
                    lastApproval.put(id, answeredAt);
                }
                return;
            }
            if (answer.statusCode() != 403 || !last) {
                throw new IllegalStateException(approver + " approving " + id + ": HTTP " + answer.statusCode() + " " + answer.body());
            }
            retries.incrementAndGet();
            TimeUnit.MILLISECONDS.sleep(20);
        }
        throw new IllegalStateException("stage 1 of " + id + " never went through");
    }

    private int revokeAll(List<String> ids, ExecutorService pool) throws Exception {
        List<Future<Boolean>> revoked = new ArrayList<>();
        for (String id : ids) {
            revoked.add(pool.submit(() -> send("amelia", policy + "/api/v1/access-requests/" + id + "/revoke",
                    "{\"comment\":\"benchmark over\"}").statusCode() == 200));
        }
        int count = 0;
        for (Future<Boolean> future : revoked) {
            count += future.get() ? 1 : 0;
        }
        return count;
    }

    private HttpResponse<String> send(String user, String url, String body) throws Exception {
        return BenchHttp.CLIENT.send(HttpRequest.newBuilder(URI.create(url))
                .timeout(java.time.Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + tokens.of(user))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
