package io.provisioning.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.provisioning.stack.StackKafka;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * An access review at size, on the running stack. N workers are hired in Legal as reports of the demo
 * manager Amelia (DEMO-001), each holding two corp-ldap groups by birthright (all-staff, legal): a
 * review of their corp-ldap access has 2N items (100 000 by default). Measured: the review's
 * creation (the API call, which makes and routes every item); Amelia's decisions, 1000 per call
 * (keep all-staff, revoke legal: half the items revoked); and from the close, the time until every
 * item is closed and until every revocation is applied in OpenLDAP (the review's own count of applied
 * revocations, from the connectors' outcomes), checked in the directory at the end.
 *
 * <p>Settings: bench.workers (50 000), bench.threads (4), bench.evidence (true: time the evidence
 * export too), stack.policy.url, stack.ingest.url, stack.keycloak.url, bench.out.
 */
public final class ReviewsBenchmark {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String LEGAL = "cn=legal,ou=groups,dc=example,dc=com";
    private static final String ALL_STAFF = "cn=all-staff,ou=groups,dc=example,dc=com";
    private static final int DECISIONS_PER_CALL = 1000;

    private final String policy = System.getProperty("stack.policy.url", "http://127.0.0.1:8082");
    private final String ingest = System.getProperty("stack.ingest.url", "http://127.0.0.1:8081");
    private final String keycloak = System.getProperty("stack.keycloak.url", "http://127.0.0.1:8180");
    private final int workers = Integer.getInteger("bench.workers", 50_000);
    private final int threads = Integer.getInteger("bench.threads", 4);
    private final boolean evidence = Boolean.parseBoolean(System.getProperty("bench.evidence", "true"));
    private final String run = "RV" + UUID.randomUUID().toString().substring(0, 6).toUpperCase(Locale.ROOT);
    private final UserTokens tokens = new UserTokens(keycloak);

    public static void main(String[] args) throws Exception {
        new ReviewsBenchmark().run();
    }

    private void run() throws Exception {
        System.out.printf(Locale.ROOT, "access review benchmark, run %s: %d workers, %d items%n", run, workers, 2 * workers);
        List<String> workerIds = new ArrayList<>();
        for (int i = 0; i < workers; i++) {
            workerIds.add(run + "-" + i);
        }
        try (OutcomeWatcher hires = new OutcomeWatcher(StackKafka.bootstrapServers(), run)) {
            List<String> hireIds = hire(workerIds);
            if (!hires.awaitSettled(hireIds, System.nanoTime() + TimeUnit.MINUTES.toNanos(30),
                    n -> System.out.printf("  hired and provisioned: %d of %d%n", n, workerIds.size()))) {
                throw new IllegalStateException("the workers were not provisioned within 30 minutes");
            }
        }

        long createStart = System.nanoTime();
        JsonNode review = send("paula", "POST", policy + "/api/v1/reviews", """
                {"name":"Legal directory access %s","scope":{"targets":["corp-ldap"],"workers":{"jobTitle":["Counsel %s"]}},\
                "reviewer":"manager","fallbackReviewer":"DEMO-009","deadline":"%s","noAnswer":"keep"}"""
                .formatted(run, run, Instant.now().plus(java.time.Duration.ofDays(7))), 201);
        double createSeconds = (System.nanoTime() - createStart) / 1e9;
        String reviewId = review.path("reviewId").asText();
        int items = review.path("items").asInt();
        System.out.printf(Locale.ROOT, "review created: %d items in %.2f s (the call, items made and routed)%n", items,
                createSeconds);

        List<String> decisions = decisionBodies(reviewId, items);
        long decideStart = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<JsonNode>> sent = new ArrayList<>();
            for (String body : decisions) {
                sent.add(pool.submit(() -> send("amelia", "POST", policy + "/api/v1/reviews/" + reviewId + "/decisions",
                        body, 200)));
            }
            for (Future<JsonNode> future : sent) {
                future.get();
            }
        } finally {
            pool.shutdownNow();
        }
        double decideSeconds = (System.nanoTime() - decideStart) / 1e9;
        System.out.printf(Locale.ROOT, "decisions: %d in %.1f s (%.0f/s, %d per call, %d threads)%n", items, decideSeconds,
                items / decideSeconds, DECISIONS_PER_CALL, threads);

        long closeStart = System.nanoTime();
        send("paula", "POST", policy + "/api/v1/reviews/" + reviewId + "/close", "", 202);
        double closedSeconds = -1;
        double appliedSeconds = -1;
        JsonNode state = null;
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
        long lastPrint = 0;
        while (System.nanoTime() < deadline) {
            state = send("paula", "GET", policy + "/api/v1/reviews/" + reviewId, null, 200);
            double elapsed = (System.nanoTime() - closeStart) / 1e9;
            if (closedSeconds < 0 && "CLOSED".equals(state.path("state").asText())) {
                closedSeconds = elapsed;
            }
            JsonNode revocations = state.path("revocations");
            if (closedSeconds >= 0 && revocations.path("pending").asInt(-1) == 0) {
                appliedSeconds = elapsed;
                break;
            }
            if (System.nanoTime() - lastPrint > TimeUnit.SECONDS.toNanos(5)) {
                lastPrint = System.nanoTime();
                System.out.printf(Locale.ROOT, "  %.0f s after the close: %s, outcomes %s, revocations %s%n", elapsed,
                        state.path("state").asText(), state.path("outcomes"), revocations);
            }
            TimeUnit.MILLISECONDS.sleep(250);
        }
        System.out.printf(Locale.ROOT, "close -> every item closed (revocations issued): %.1f s%n", closedSeconds);
        System.out.printf(Locale.ROOT, "close -> every revocation applied in OpenLDAP: %.1f s (%s)%n", appliedSeconds,
                state == null ? "" : state.path("revocations"));
        DirectoryGroups directory = new DirectoryGroups();
        int stillLegal = directory.membersAmong(run + "-", LEGAL);
        int stillStaff = directory.membersAmong(run + "-", ALL_STAFF);
        System.out.printf(Locale.ROOT, "in the directory: %d of the run's workers still in legal (revoked), %d in all-staff"
                + " (kept)%n", stillLegal, stillStaff);

        double evidenceSeconds = -1;
        if (evidence) {
            long evidenceStart = System.nanoTime();
            HttpResponse<byte[]> csv = BenchHttp.CLIENT.send(HttpRequest.newBuilder(
                            URI.create(policy + "/api/v1/reviews/" + reviewId + "/evidence?format=csv"))
                    .timeout(java.time.Duration.ofMinutes(10)).header("Authorization", "Bearer " + tokens.of("carol")).GET()
                    .build(), HttpResponse.BodyHandlers.ofByteArray());
            evidenceSeconds = (System.nanoTime() - evidenceStart) / 1e9;
            System.out.printf(Locale.ROOT, "evidence (CSV, with the audit records of every item): HTTP %d, %d bytes in %.1f s%n",
                    csv.statusCode(), csv.body().length, evidenceSeconds);
        }

        String json = String.format(Locale.ROOT, """
                {"run":"%s","items":%d,"createSeconds":%.2f,"decisionsPerSecond":%.1f,"closeToClosedSeconds":%.1f,\
                "closeToAppliedSeconds":%.1f,"stillInLegal":%d,"stillInAllStaff":%d,"evidenceSeconds":%.1f}
                """, run, items, createSeconds, items / decideSeconds, closedSeconds, appliedSeconds, stillLegal, stillStaff,
                evidenceSeconds);
        Path out = Path.of(System.getProperty("bench.out", "target/bench/reviews.json"));
        Files.createDirectories(out.getParent());
        Files.writeString(out, json);
    }

    /** Amelia's decisions, read from the review's items: keep all-staff, revoke legal. */
    private List<String> decisionBodies(String reviewId, int items) throws Exception {
        List<String> decisions = new ArrayList<>();
        for (int page = 0; page * DECISIONS_PER_CALL < items; page++) {
            JsonNode found = send("paula", "GET", policy + "/api/v1/reviews/" + reviewId + "/items?size=" + DECISIONS_PER_CALL
                    + "&page=" + page, null, 200);
            for (JsonNode item : found.path("items")) {
                int itemId = item.path("itemId").asInt();
                decisions.add("legal".equals(item.path("group").asText())
                        ? "{\"itemId\":" + itemId + ",\"decision\":\"revoke\",\"reason\":\"no longer on legal matters\"}"
                        : "{\"itemId\":" + itemId + ",\"decision\":\"keep\"}");
            }
        }
        List<String> bodies = new ArrayList<>();
        for (int from = 0; from < decisions.size(); from += DECISIONS_PER_CALL) {
            bodies.add("{\"decisions\":[" + String.join(",", decisions.subList(from,
                    Math.min(decisions.size(), from + DECISIONS_PER_CALL))) + "]}");
        }
        return bodies;
    }

    /** Hires the workers as Amelia's reports (and makes sure Amelia and the fallback are there). */
    private List<String> hire(List<String> workerIds) throws Exception {
        String start = LocalDate.now(ZoneOffset.UTC).minusDays(30).toString();
        List<String> events = new ArrayList<>();
        events.add(BenchWorkers.hiredEvent(UUID.randomUUID().toString(), "DEMO-001",
                BenchWorkers.worker("DEMO-001", "Amelia", "Nowak", "Engineering", "Engineering Manager", null, "2022-01-01")));
        events.add(BenchWorkers.hiredEvent(UUID.randomUUID().toString(), "DEMO-009",
                BenchWorkers.worker("DEMO-009", "Ines", "García", "IT", "Systems Administrator", null, "2022-09-01")));
        List<String> ids = new ArrayList<>();
        for (String workerId : workerIds) {
            String id = UUID.randomUUID().toString();
            ids.add(id);
            events.add(BenchWorkers.hiredEvent(id, workerId, BenchWorkers.worker(workerId, "Rev",
                    "Bench" + BenchWorkers.letters(workerId), "Legal", "Counsel " + run, "DEMO-001", start)));
        }
        BenchWorkers.publish(ingest, keycloak, events);
        return ids;
    }

    private JsonNode send(String user, String method, String url, String body, int expected) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(java.time.Duration.ofMinutes(2))
                .header("Authorization", "Bearer " + tokens.of(user));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> answer = BenchHttp.CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() != expected) {
            throw new IllegalStateException(method + " " + url + " as " + user + ": HTTP " + answer.statusCode() + " "
                    + answer.body());
        }
        return MAPPER.readTree(answer.body());
    }
}
