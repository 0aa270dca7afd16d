package io.provisioning.bench;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Measures hr-ingest-service on the running stack and prints the figures:
 * <ol>
 *   <li>N events (default 100 000) in batches of 1000 through the REST API: events/s;</li>
 *   <li>single-event POSTs at a steady rate (default 200/s for 30 s), open loop, latency measured
 *       from each request's scheduled instant: p50/p95/p99;</li>
 *   <li>a W-worker CSV snapshot (default 100 000) of a new source, diffed and published: seconds.</li>
 * </ol>
 * Settings are system properties: bench.events, bench.batch, bench.concurrency, bench.rate,
 * bench.seconds, bench.snapshot, bench.phases, stack.ingest.url, stack.keycloak.url, bench.out. Between phases it
 * waits until the audit trail has caught up, so that one phase's backlog does not load the next.
 */
public final class IngestBenchmark {

    private final String ingest = System.getProperty("stack.ingest.url", "http://127.0.0.1:8081");
    private final String keycloak = System.getProperty("stack.keycloak.url", "http://127.0.0.1:8180");
    private final int events = Integer.getInteger("bench.events", 100_000);
    private final int batch = Integer.getInteger("bench.batch", 1000);
    private final int concurrency = Integer.getInteger("bench.concurrency", 4);
    private final int rate = Integer.getInteger("bench.rate", 200);
    private final int seconds = Integer.getInteger("bench.seconds", 30);
    private final int snapshotSize = Integer.getInteger("bench.snapshot", 100_000);
    private final String run = "B" + UUID.randomUUID().toString().substring(0, 6);
    private final String audit = System.getProperty("stack.audit.url", "http://127.0.0.1:8084");
    private final String phases = System.getProperty("bench.phases", "batches,steady,snapshot");
    private String token;

    public static void main(String[] args) throws Exception {
        new IngestBenchmark().run();
    }

    private void run() throws Exception {
        token = BenchHttp.token(keycloak, "hris-publisher");
        System.out.printf(Locale.ROOT, "hr-ingest benchmark, run %s, against %s%n", run, ingest);
        warmUp();
        double batchRate = phases.contains("batches") ? batches() : 0;
        Quiet.await(audit);
        Percentiles steady = phases.contains("steady") ? steadyRate() : Percentiles.of(new long[0]);
        Quiet.await(audit);
        double snapshotSeconds = phases.contains("snapshot") ? snapshot() : 0;
        String json = String.format(Locale.ROOT, """
                {"run":"%s","batches":{"events":%d,"batchSize":%d,"concurrency":%d,"eventsPerSecond":%.0f},
                 "steady":{"ratePerSecond":%d,"seconds":%d,"p50Ms":%.2f,"p95Ms":%.2f,"p99Ms":%.2f,"maxMs":%.2f},
                 "snapshot":{"workers":%d,"seconds":%.2f}}
                """, run, events, batch, concurrency, batchRate, rate, seconds, steady.p50(), steady.p95(),
                steady.p99(), steady.max(), snapshotSize, snapshotSeconds);
        Path out = Path.of(System.getProperty("bench.out", "target/bench/ingest.json"));
        Files.createDirectories(out.getParent());
        Files.writeString(out, json);
        System.out.println("results written to " + out.toAbsolutePath());
    }

    /**
     * A few batches and a few thousand single events first, so that the JIT has compiled both
     * paths and the pools are warm before anything is measured.
     */
    private void warmUp() throws Exception {
        Workforce workforce = new Workforce(run + "w", 1);
        for (int b = 0; b < 5; b++) {
            send(batchBody(workforce, b * batch, batch));
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<?>> singles = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            byte[] body = workforce.hiredEvent(100_000 + i, run + "-warm-" + i).getBytes(StandardCharsets.UTF_8);
            singles.add(pool.submit(() -> BenchHttp.CLIENT.send(
                    BenchHttp.post(ingest + "/api/v1/hr-events", token, "application/cloudevents+json", body),
                    HttpResponse.BodyHandlers.discarding())));
        }
        for (Future<?> single : singles) {
            single.get();
        }
        pool.shutdown();
        System.out.println("warm-up : 5 batches and 3000 single events sent (not measured)");
    }

    private double batches() throws Exception {
        Workforce workforce = new Workforce(run, 42);
        int count = events / batch;
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        long start = System.nanoTime();
        List<Future<Integer>> results = new ArrayList<>();
        for (int b = 0; b < count; b++) {
            int first = b * batch;
            results.add(pool.submit(() -> send(batchBody(workforce, first, batch))));
        }
        int accepted = 0;
        for (Future<Integer> result : results) {
            accepted += result.get();
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        pool.shutdown();
        double perSecond = accepted / elapsed;
        System.out.printf(Locale.ROOT, "batches : %d events in %d batches of %d (%d in flight): %.1f s, %.0f events/s%n",
                accepted, count, batch, concurrency, elapsed, perSecond);
        return perSecond;
    }

    private Percentiles steadyRate() throws Exception {
        Workforce workforce = new Workforce(run + "s", 7);
        int total = rate * seconds;
        long[] latencies = new long[total];
        AtomicInteger failures = new AtomicInteger();
        long periodNanos = 1_000_000_000L / rate;
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
        List<CompletableFuture<?>> inFlight = java.util.Collections.synchronizedList(new ArrayList<>());
        long origin = System.nanoTime() + 100_000_000L;
        AtomicInteger next = new AtomicInteger();
        ticker.scheduleAtFixedRate(() -> {
            int i = next.getAndIncrement();
            if (i >= total) {
                return;
            }
            long scheduled = origin + i * periodNanos;
            byte[] body = workforce.hiredEvent(i, run + "-steady-" + i).getBytes(StandardCharsets.UTF_8);
            inFlight.add(BenchHttp.CLIENT.sendAsync(
                            BenchHttp.post(ingest + "/api/v1/hr-events", token, "application/cloudevents+json", body),
                            HttpResponse.BodyHandlers.discarding())
                    .whenComplete((response, error) -> {
                        latencies[i] = System.nanoTime() - scheduled;
                        if (error != null || response.statusCode() != 202) {
                            failures.incrementAndGet();
                        }
                    }));
        }, origin - System.nanoTime(), periodNanos, TimeUnit.NANOSECONDS);
        while (next.get() < total) {
            TimeUnit.MILLISECONDS.sleep(100);
        }
        ticker.shutdown();
        CompletableFuture.allOf(inFlight.toArray(CompletableFuture[]::new)).join();
        Percentiles p = Percentiles.of(latencies);
        System.out.printf(Locale.ROOT, "steady  : %d single-event POSTs at %d/s: %s, %d failed%n", total, rate, p,
                failures.get());
        return p;
    }

    /**
     * Two snapshots of one source: the first hires everyone; the second, diffed against it, moves
     * 5 % of the workers to another department and leaves 5 % out (terminations under the hold
     * threshold). Returns the seconds of the second, the diff that matters in operation.
     */
    private double snapshot() throws IOException, InterruptedException {
        postSnapshot("first ", csv(false));
        return postSnapshot("second", csv(true));
    }

    private byte[] csv(boolean changed) {
        Workforce workforce = new Workforce(run + "c", 99);
        StringBuilder csv = new StringBuilder(snapshotSize * 110).append(Workforce.CSV_HEADER).append('\n');
        for (int n = 0; n < snapshotSize; n++) {
            String row = workforce.csvRow(n);
            if (changed && n % 20 == 1) {
                continue;
            }
            if (changed && n % 20 == 0) {
                String[] cells = row.split(",", -1);
                cells[4] = "Relocated " + cells[4];
                row = String.join(",", cells);
            }
            csv.append(row).append('\n');
        }
        return csv.toString().getBytes(StandardCharsets.UTF_8);
    }

    private double postSnapshot(String label, byte[] body) throws IOException, InterruptedException {
        long start = System.nanoTime();
        HttpResponse<String> answer = BenchHttp.CLIENT.send(BenchHttp.post(
                ingest + "/api/v1/hr-snapshots?source=" + run + "-snapshot", token, "text/csv", body),
                HttpResponse.BodyHandlers.ofString());
        double elapsed = (System.nanoTime() - start) / 1e9;
        if (answer.statusCode() != 202) {
            throw new IllegalStateException("snapshot refused: HTTP " + answer.statusCode() + " " + answer.body());
        }
        System.out.printf(Locale.ROOT, "snapshot (%s): %d workers (%.1f MB CSV) diffed and published in %.1f s: %s%n",
                label, snapshotSize, body.length / 1e6, elapsed, answer.body().replaceAll(",\"received.*", "}"));
        return elapsed;
    }

    private byte[] batchBody(Workforce workforce, int first, int size) {
        StringBuilder body = new StringBuilder(size * 600).append('[');
        for (int n = first; n < first + size; n++) {
            if (n > first) {
                body.append(',');
            }
            body.append(workforce.hiredEvent(n, run + "-" + workforce.workerId(n)));
        }
        return body.append(']').toString().getBytes(StandardCharsets.UTF_8);
    }

    private int send(byte[] body) throws IOException, InterruptedException {
        HttpResponse<String> answer = BenchHttp.CLIENT.send(
                BenchHttp.post(ingest + "/api/v1/hr-events", token, "application/cloudevents-batch+json", body),
                HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() != 202) {
            throw new IllegalStateException("batch refused: HTTP " + answer.statusCode() + " " + answer.body());
        }
        return body.length == 0 ? 0 : countAccepted(answer.body());
    }

    private static int countAccepted(String answer) {
        int start = answer.indexOf("\"accepted\":[");
        int end = answer.indexOf(']', start);
        String ids = answer.substring(start + 12, end);
        return ids.isBlank() ? 0 : ids.split(",").length;
    }
}
