package io.provisioning.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.provisioning.contracts.Json;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The operator of a benchmark run: the leavers phases terminate more workers within the hour than
 * the termination-burst guard admits, so the terminations beyond it wait in a hold. This approves
 * each hold as soon as it sees one (it looks every bench.holdPollMillis, 100 ms), so that the phase
 * measures the pipeline and the wait for the decision is at most about that long; the phases print
 * how many were held.
 */
final class HoldApprover implements AutoCloseable {

    private static final ObjectMapper MAPPER = Json.mapper();

    private final String policy;
    private final String token;
    private final long pollMillis = Long.getLong("bench.holdPollMillis", 100);
    private final AtomicInteger holds = new AtomicInteger();
    private final AtomicInteger held = new AtomicInteger();
    private final Thread thread;
    private volatile boolean running = true;

    HoldApprover(String policy, String token) {
        this.policy = policy;
        this.token = token;
        thread = new Thread(this::run, "hold-approver");
        thread.setDaemon(true);
        thread.start();
    }

    /** Holds approved so far. */
    int holds() {
        return holds.get();
    }

    /** Terminations those holds held when they were approved. */
    int held() {
        return held.get();
    }

    private void run() {
        while (running) {
            try {
                JsonNode page = get("/api/v1/termination-holds?status=HELD");
                for (JsonNode hold : page.path("items")) {
                    HttpResponse<String> answer = BenchHttp.CLIENT.send(request(
                            "/api/v1/termination-holds/" + hold.path("holdId").asText() + "/approve")
                            .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
                    if (answer.statusCode() == 200) {
                        holds.incrementAndGet();
                        held.addAndGet(MAPPER.readTree(answer.body()).path("held").asInt());
                    }
                }
                Thread.sleep(pollMillis);
            } catch (InterruptedException e) {
                return;
            } catch (Exception e) {
                // policy-service busy or away for a moment: look again
                try {
                    Thread.sleep(pollMillis);
                } catch (InterruptedException stop) {
                    return;
                }
            }
        }
    }

    private JsonNode get(String path) throws Exception {
        HttpResponse<String> answer = BenchHttp.CLIENT.send(request(path).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() != 200) {
            throw new IllegalStateException("policy-service answered " + answer.statusCode());
        }
        return MAPPER.readTree(answer.body());
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(policy + path)).timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + token);
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.interrupt();
        thread.join(5_000);
    }
}
