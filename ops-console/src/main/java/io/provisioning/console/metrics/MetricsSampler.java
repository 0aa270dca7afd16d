package io.provisioning.console.metrics;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Samples connector-service's {@code /q/metrics} (public, no token) into a small in-memory series,
 * one hour long, that the overview's figures and chart are computed from. A failed sample is kept
 * as such, so the overview says since when it has no figures instead of showing old ones as current.
 */
@ApplicationScoped
public class MetricsSampler {

    private static final Logger LOG = Logger.getLogger(MetricsSampler.class);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

    record Sample(Instant at, Map<String, TargetSample> targets) {
    }

    private final Deque<Sample> samples = new ArrayDeque<>();
    private final Map<String, Instant> lastSuccess = new HashMap<>();
    private volatile String lastFailure;
    private volatile Instant lastFailureAt;

    @ConfigProperty(name = "provisioning.console.connector-url")
    String connectorUrl;

    @ConfigProperty(name = "provisioning.console.sample-window")
    Duration window;

    Clock clock = Clock.systemUTC();

    @Scheduled(every = "${provisioning.console.sample-interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void sample() {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(
                            URI.create(connectorUrl.replaceAll("/+$", "") + "/q/metrics"))
                    .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                failed("connector-service's metrics answered " + response.statusCode());
                return;
            }
            record(clock.instant(), ConnectorMetrics.read(response.body()));
        } catch (IOException e) {
            failed("connector-service's metrics are not reachable (" + e.getClass().getSimpleName() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    synchronized void record(Instant at, Map<String, TargetSample> targets) {
        Sample previous = samples.peekLast();
        for (var entry : targets.entrySet()) {
            TargetSample before = previous == null ? null : previous.targets().get(entry.getKey());
            if (before != null && entry.getValue().succeeded() > before.succeeded()) {
                lastSuccess.put(entry.getKey(), at);
            }
        }
        samples.addLast(new Sample(at, targets));
        while (!samples.isEmpty() && samples.peekFirst().at().isBefore(at.minus(window))) {
            samples.removeFirst();
        }
        if (lastFailure != null) {
            LOG.infof("Overview figures sampled again, after: %s", lastFailure);
        }
        lastFailure = null;
        lastFailureAt = null;
    }

    private void failed(String why) {
        if (lastFailure == null) {
            LOG.warnf("Overview figures not sampled: %s", why);
        }
        lastFailure = why;
        lastFailureAt = clock.instant();
    }

    /** Each target's figures over the window, from the oldest sample kept to the newest. */
    public synchronized Map<String, TargetFigures> figures() {
        Map<String, TargetFigures> figures = new HashMap<>();
        if (samples.isEmpty()) {
            return figures;
        }
        Sample oldest = samples.peekFirst();
        Sample newest = samples.peekLast();
        for (var entry : newest.targets().entrySet()) {
            TargetSample delta = entry.getValue().since(oldest == newest ? null : oldest.targets().get(entry.getKey()));
            figures.put(entry.getKey(), new TargetFigures(delta.succeeded(), delta.failed(),
                    delta.quantileMillis(0.5), delta.quantileMillis(0.99), lastSuccess.get(entry.getKey())));
        }
        return figures;
    }

    /** Throughput (settled commands a second, all targets) and p99 end-to-end latency per sampling interval. */
    public synchronized Series series() {
        List<Long> times = new ArrayList<>();
        List<Double> throughput = new ArrayList<>();
        List<Long> p99 = new ArrayList<>();
        Sample previous = null;
        for (Sample sample : samples) {
            if (previous != null) {
                double seconds = Math.max(0.001, Duration.between(previous.at(), sample.at()).toMillis() / 1000.0);
                long settled = 0;
                TargetSample merged = null;
                for (var entry : sample.targets().entrySet()) {
                    TargetSample delta = entry.getValue().since(previous.targets().get(entry.getKey()));
                    settled += delta.succeeded() + delta.failed();
                    merged = merged == null ? delta : merge(merged, delta);
                }
                times.add(sample.at().getEpochSecond());
                throughput.add(Math.round(settled / seconds * 10) / 10.0);
                long latency = merged == null ? -1 : merged.quantileMillis(0.99);
                p99.add(latency < 0 ? null : latency);
            }
            previous = sample;
        }
        return new Series(times, throughput, p99);
    }

    private static TargetSample merge(TargetSample a, TargetSample b) {
        if (!java.util.Arrays.equals(a.bucketBounds(), b.bucketBounds())) {
            return a.bucketCounts().length >= b.bucketCounts().length ? a : b;
        }
        long[] counts = new long[a.bucketCounts().length];
        for (int i = 0; i < counts.length; i++) {
            counts[i] = a.bucketCounts()[i] + b.bucketCounts()[i];
        }
        return new TargetSample(a.succeeded() + b.succeeded(), a.failed() + b.failed(), a.bucketBounds(), counts);
    }

    /** Why the newest sample failed, or null when it succeeded. */
    public String samplingProblem() {
        String why = lastFailure;
        return why == null ? null : why + " since " + lastFailureAt;
    }

    public record TargetFigures(long succeeded, long failed, long p50Millis, long p99Millis, Instant lastSuccess) {
    }

    /** Columns for the chart: epoch seconds, commands a second, p99 milliseconds (null: none settled). */
    public record Series(List<Long> times, List<Double> throughput, List<Long> p99Millis) {
    }
}
