package io.provisioning.systemtests;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An HRIS that does what a publisher must when the service is unavailable: sends each batch of
 * events until hr-ingest acknowledges it (202), the same batch with the same event ids, and only
 * then the next one. Batches are paced so that the events flow for a given time.
 */
final class PersistentPublisher {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final int batchSize;
    private final Duration flow;
    private final AtomicInteger accepted = new AtomicInteger();
    private final AtomicInteger duplicates = new AtomicInteger();
    private final AtomicInteger resent = new AtomicInteger();
    /** Why sends failed: "HTTP 503", "ConnectException", …, with counts. */
    private final Map<String, Integer> failures = new TreeMap<>();

    PersistentPublisher(int batchSize, Duration flow) {
        this.batchSize = batchSize;
        this.flow = flow;
    }

    /** Sends the phases in order, every event of a phase acknowledged before the next phase starts. */
    void publish(List<List<String>> phases) {
        List<List<String>> batches = new ArrayList<>();
        for (List<String> phase : phases) {
            for (int i = 0; i < phase.size(); i += batchSize) {
                batches.add(phase.subList(i, Math.min(phase.size(), i + batchSize)));
            }
        }
        long started = System.nanoTime();
        long intervalNanos = flow.toNanos() / Math.max(1, batches.size());
        for (int i = 0; i < batches.size(); i++) {
            long due = started + i * intervalNanos;
            await().pollInterval(Duration.ofMillis(20)).atMost(flow.plusMinutes(10))
                    .until(() -> System.nanoTime() >= due);
            String body = "[" + String.join(",", batches.get(i)) + "]";
            await().pollInterval(Duration.ofSeconds(1)).atMost(Duration.ofMinutes(5)).until(() -> send(body));
        }
    }

    int accepted() {
        return accepted.get();
    }

    /** Events hr-ingest reported as already received: a resend after an acknowledgement that was lost. */
    int duplicates() {
        return duplicates.get();
    }

    /** Batches sent again because a send failed. */
    int resent() {
        return resent.get();
    }

    synchronized Map<String, Integer> failures() {
        return new TreeMap<>(failures);
    }

    private boolean send(String body) throws InterruptedException {
        HttpResponse<String> answer;
        try {
            answer = http.send(HttpRequest.newBuilder(URI.create(Stack.INGEST + "/api/v1/hr-events"))
                    .timeout(Duration.ofSeconds(30))
                    .header("Authorization", "Bearer " + Stack.token("hris-publisher"))
                    .header("Content-Type", "application/cloudevents-batch+json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException | RuntimeException e) {
            return failed(e.getClass().getSimpleName());
        }
        if (answer.statusCode() == 400 || answer.statusCode() == 413 || answer.statusCode() == 415) {
            throw new IllegalStateException("hr-ingest refused a batch of the drill: " + answer.body());
        }
        if (answer.statusCode() != 202) {
            return failed("HTTP " + answer.statusCode());
        }
        try {
            JsonNode reply = MAPPER.readTree(answer.body());
            accepted.addAndGet(reply.path("accepted").size());
            duplicates.addAndGet(reply.path("duplicates").size());
        } catch (IOException e) {
            throw new IllegalStateException("hr-ingest's 202 is not JSON: " + answer.body(), e);
        }
        return true;
    }

    /** Counts a failed send, which the caller sends again: always false. */
    private synchronized boolean failed(String why) {
        failures.merge(why, 1, Integer::sum);
        resent.incrementAndGet();
        return false;
    }
}
