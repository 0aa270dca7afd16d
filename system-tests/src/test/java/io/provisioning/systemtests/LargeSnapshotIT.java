package io.provisioning.systemtests;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Snapshots stream: a 200 MB workforce file is read, validated and diffed by the stack's
 * hr-ingest-service, whose heap is bounded far below the file's in-memory size, while a file
 * declaring 1 GB is refused before it is read and the service stays up. The large snapshot
 * terminates its source's whole previous workforce, so it is held, and rejected: nothing of it
 * reaches the targets.
 */
class LargeSnapshotIT {

    private static final long TARGET_BYTES = 200L * 1024 * 1024;
    private static final long HEAP_BOUND = 512L * 1024 * 1024;
    private static final String HEADER = "workerId,givenName,familyName,preferredName,email,workerType,department,"
            + "jobTitle,jobCode,location,costCenter,startDate\n";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Test
    void aTwoHundredMegabyteSnapshotIsDiffedWithinTheBoundedHeapAndAGigabyteOneIsRefused() throws Exception {
        String source = "large-" + UUID.randomUUID().toString().substring(0, 8);
        given().auth().oauth2(Stack.token("hris-publisher")).contentType("text/csv")
                .body((HEADER + row(source, -1) + row(source, -2)).getBytes(StandardCharsets.UTF_8))
                .post(Stack.INGEST + "/api/v1/hr-snapshots?source=" + source)
                .then().statusCode(202).body("status", equalTo("APPLIED"));

        long heapMax = heapMetric("jvm_memory_max_bytes");
        AtomicLong peakHeap = new AtomicLong();
        ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
        sampler.scheduleAtFixedRate(() -> peakHeap.accumulateAndGet(heapMetric("jvm_memory_used_bytes"), Math::max),
                0, 250, TimeUnit.MILLISECONDS);
        GeneratedCsv csv = new GeneratedCsv(source);
        long started = System.nanoTime();
        HttpResponse<String> answer;
        try {
            answer = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build().send(HttpRequest.newBuilder(
                            URI.create(Stack.INGEST + "/api/v1/hr-snapshots?source=" + source))
                    .timeout(Duration.ofMinutes(10))
                    .header("Authorization", "Bearer " + Stack.token("hris-publisher"))
                    .header("Content-Type", "text/csv")
                    .POST(HttpRequest.BodyPublishers.ofInputStream(() -> csv)).build(), HttpResponse.BodyHandlers.ofString());
        } finally {
            sampler.shutdownNow();
        }
        double seconds = (System.nanoTime() - started) / 1e9;

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);
        JsonNode snapshot = MAPPER.readTree(answer.body());
        assertThat(snapshot.get("status").asText()).isEqualTo("HELD");
        assertThat(snapshot.get("workforce").asInt()).isEqualTo(csv.rows);
        assertThat(snapshot.get("hired").asInt()).isEqualTo(csv.rows);
        assertThat(snapshot.get("terminated").asInt()).isEqualTo(2);
        assertThat(csv.sent).isGreaterThanOrEqualTo(TARGET_BYTES);
        assertThat(heapMax).as("hr-ingest-service's maximum heap").isPositive().isLessThanOrEqualTo(HEAP_BOUND);
        assertThat(peakHeap.get()).isLessThan(heapMax);
        System.out.printf("large snapshot: %d rows, %.1f MB read, validated and diffed in %.1f s (%.0f rows/s);"
                        + " hr-ingest-service heap max %d MB, peak used %d MB%n", csv.rows, csv.sent / 1048576.0, seconds,
                csv.rows / seconds, heapMax >> 20, peakHeap.get() >> 20);

        given().auth().oauth2(Stack.token("ops-console"))
                .post(Stack.INGEST + "/api/v1/hr-snapshots/" + snapshot.get("snapshotId").asText() + "/reject")
                .then().statusCode(200).body("status", equalTo("REJECTED"));

        assertThat(declaringAGigabyte(source)).startsWith("HTTP/1.1 413").contains("application/problem+json")
                .contains("provisioning.ingest.snapshot.max-size");
        given().get(Stack.INGEST + "/q/health/ready").then().statusCode(200);
    }

    @Test
    void aCsvFieldOverSixtyFourKilobytesIsA400NamingItsLineAndTheServiceGoesOn() {
        String source = "wide-" + UUID.randomUUID().toString().substring(0, 8);
        String csv = HEADER + row(source, 1) + row(source, 2).replace(",Pat,", ",Pat" + "t".repeat(70_000) + ",")
                + row(source, 3);
        given().auth().oauth2(Stack.token("hris-publisher")).contentType("text/csv")
                .body(csv.getBytes(StandardCharsets.UTF_8))
                .post(Stack.INGEST + "/api/v1/hr-snapshots?source=" + source)
                .then().statusCode(400).contentType(org.hamcrest.Matchers.startsWith("application/problem+json"))
                .body("errors[0].line", equalTo(3))
                .body("errors[0].message", equalTo("field 4 is longer than 65536 characters"));
        given().auth().oauth2(Stack.token("hris-publisher")).contentType("text/csv")
                .body((HEADER + row(source, 1)).getBytes(StandardCharsets.UTF_8))
                .post(Stack.INGEST + "/api/v1/hr-snapshots?source=" + source)
                .then().statusCode(202).body("status", equalTo("APPLIED")).body("hired", equalTo(1));
    }

    /** Sends only the headers and the first line of a body that declares 1 GB; the answer comes first. */
    private static String declaringAGigabyte(String source) throws IOException {
        URI ingest = URI.create(Stack.INGEST);
        try (Socket socket = new Socket(ingest.getHost(), ingest.getPort())) {
            socket.setSoTimeout(10_000);
            String head = "POST /api/v1/hr-snapshots?source=" + source + " HTTP/1.1\r\nHost: " + ingest.getHost()
                    + "\r\nAuthorization: Bearer " + Stack.token("hris-publisher") + "\r\nContent-Type: text/csv\r\n"
                    + "Content-Length: " + (1L << 30) + "\r\n\r\n" + HEADER;
            socket.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            StringBuilder answer = new StringBuilder();
            InputStream in = socket.getInputStream();
            for (int c = in.read(); c >= 0; c = in.read()) {
                answer.append((char) c);
                if (c == '}' && answer.indexOf("\r\n\r\n") > 0) {
                    break;
                }
            }
            return answer.toString();
        }
    }

    /** hr-ingest-service's heap, summed over its pools, from its Prometheus metrics (no token needed). */
    private static long heapMetric(String name) {
        String metrics = given().get(Stack.INGEST + "/q/metrics").then().statusCode(200).extract().asString();
        long sum = 0;
        for (String line : metrics.split("\n")) {
            if (line.startsWith(name + "{") && line.contains("area=\"heap\"")) {
                double value = Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                sum += value > 0 ? (long) value : 0;
            }
        }
        return sum;
    }

    private static String row(String source, int n) {
        String id = source + "-" + n;
        return id + ",Worker,Number,Pat," + id + "@example.com,EMPLOYEE,Engineering,"
                + "Senior Software Engineer in Platform Reliability,JC-" + (n % 977) + ",Amsterdam HQ Building " + (n % 7)
                + ",CC-" + (n % 131) + ",2026-01-01\n";
    }

    /** A CSV generated as it is read: the test holds one row at a time, never the file. */
    private static final class GeneratedCsv extends InputStream {
        private final String source;
        private byte[] current = HEADER.getBytes(StandardCharsets.UTF_8);
        private int offset;
        int rows;
        long sent;

        GeneratedCsv(String source) {
            this.source = source;
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (offset == current.length) {
                if (sent >= TARGET_BYTES) {
                    return -1;
                }
                current = row(source, rows++).getBytes(StandardCharsets.UTF_8);
                offset = 0;
            }
            int n = Math.min(len, current.length - offset);
            System.arraycopy(current, offset, b, off, n);
            offset += n;
            sent += n;
            return n;
        }
    }
}
