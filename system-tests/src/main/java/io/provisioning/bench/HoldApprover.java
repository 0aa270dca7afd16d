package io.provisioning.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.provisioning.contracts.Json;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The operator of a benchmark run: the leavers phases terminate more workers within the hour than
 * the termination-burst guard admits. In the warm-up rounds the terminations beyond it wait in a
 * hold, which this approves as soon as it sees one (it looks every bench.holdPollMillis, 100 ms,
 * only while {@link #watching} a phase, so that the measured phases carry no request of its own):
 * the phases print how many were held. The measured leavers phase is a mass leaving announced in
 * advance: this grants an allowance for it first ({@link #allow}), so that it measures the pipeline.
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
    private volatile boolean watching;

    HoldApprover(String policy, String token) {
        this.policy = policy;
        this.token = token;
        thread = new Thread(this::run, "hold-approver");
        thread.setDaemon(true);
        thread.start();
    }

    /** Looks for holds to approve from now on ({@code true}), or no longer. */
    void watching(boolean watching) {
        this.watching = watching;
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
                if (!watching) {
                    Thread.sleep(pollMillis);
                    continue;
                }
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

    /**
     * Allows that many terminations through the guard for the next 30 minutes, as an operator who
     * knows of a mass leaving in advance does; returns the allowance's id.
     */
    String allow(int terminations, String reason) throws Exception {
        String body = MAPPER.writeValueAsString(Map.of("terminations", terminations,
                "until", Instant.now().plus(Duration.ofMinutes(30)).toString(), "reason", reason));
        HttpResponse<String> answer = BenchHttp.CLIENT.send(request("/api/v1/termination-holds/allowances")
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() != 201) {
            throw new IllegalStateException("policy-service refused the allowance: " + answer.statusCode() + " "
                    + answer.body());
        }
        return MAPPER.readTree(answer.body()).path("allowanceId").asText();
    }

    /** Ends an allowance: the guard holds again beyond its threshold. */
    void withdraw(String allowanceId) throws Exception {
        HttpResponse<String> answer = BenchHttp.CLIENT.send(request("/api/v1/termination-holds/allowances/" + allowanceId)
                .DELETE().build(), HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() != 200) {
            throw new IllegalStateException("policy-service did not withdraw the allowance: " + answer.statusCode());
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
