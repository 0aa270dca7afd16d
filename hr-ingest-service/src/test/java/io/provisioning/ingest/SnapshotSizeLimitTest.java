package io.provisioning.ingest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import io.provisioning.contracts.Topics;
import io.provisioning.testsupport.EmbeddedPostgresResource;
import io.provisioning.testsupport.InJvmKafka;
import io.provisioning.testsupport.KafkaResource;
import io.provisioning.testsupport.Roles;
import io.provisioning.testsupport.TestTokens;
import io.provisioning.testsupport.TopicProbe;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import java.io.IOException;
import java.io.InputStream;
import java.io.ByteArrayInputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** A snapshot has a size limit of its own (here 1 MB), checked before and while it is read. */
@QuarkusTest
@TestProfile(SnapshotSizeLimitTest.OneMegabyteSnapshots.class)
@WithTestResource(KafkaResource.class)
@WithTestResource(EmbeddedPostgresResource.class)
@WithTestResource(OidcWiremockTestResource.class)
class SnapshotSizeLimitTest {

    public static class OneMegabyteSnapshots implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("provisioning.ingest.snapshot.max-size", "1M");
        }
    }

    private static final String PUBLISHER = TestTokens.withRoles("workday", Roles.HR_PUBLISHER);
    private static final String HEADER = "workerId,givenName,familyName,workerType,department,startDate\n";

    @TestHTTPResource("/api/v1/hr-snapshots")
    URI snapshots;

    @Test
    void aSnapshotUnderTheLimitIsApplied() {
        String source = "small" + UUID.randomUUID().toString().substring(0, 8);
        given().auth().oauth2(PUBLISHER).contentType("text/csv").body(csv(source, 5_000).getBytes(StandardCharsets.UTF_8))
                .post("/api/v1/hr-snapshots?source=" + source)
                .then().statusCode(202).body("status", equalTo("APPLIED")).body("hired", equalTo(5_000));
    }

    @Test
    void aStreamedSnapshotOverTheLimitIs413AndNothingIsApplied() throws Exception {
        String source = "big" + UUID.randomUUID().toString().substring(0, 8);
        byte[] body = csv(source, 20_000).getBytes(StandardCharsets.UTF_8); // ~0.8 MB past the limit
        assertThat(body.length).isGreaterThan(1 << 20);

        // no Content-Length: the limit is found while reading
        HttpResponse<String> response = send(HttpRequest.BodyPublishers.ofInputStream(
                () -> new ByteArrayInputStream(body)), source);

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(response.body()).contains("provisioning.ingest.snapshot.max-size");
        assertThat(TopicProbe.readAll(InJvmKafka.bootstrapServers(), Topics.HR_EVENTS))
                .noneMatch(r -> r.key() != null && r.key().startsWith(source));
        // and the service goes on
        aSnapshotUnderTheLimitIsApplied();
    }

    @Test
    void aSnapshotDeclaringAGigabyteIsRefusedBeforeItIsRead() throws Exception {
        // only the headers and the first row are sent: the answer must not wait for the rest
        try (Socket socket = new Socket(snapshots.getHost(), snapshots.getPort())) {
            socket.setSoTimeout(10_000);
            String head = "POST " + snapshots.getPath() + "?source=huge HTTP/1.1\r\nHost: localhost\r\n"
                    + "Authorization: Bearer " + PUBLISHER + "\r\nContent-Type: text/csv\r\n"
                    + "Content-Length: " + (1L << 30) + "\r\n\r\n" + HEADER;
            socket.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            String answer = readAnswer(socket.getInputStream());

            assertThat(answer).startsWith("HTTP/1.1 413").contains("application/problem+json")
                    .contains("takes at most 1048576 bytes");
        }
        given().get("/q/health/ready").then().statusCode(200);
    }

    @Test
    void anEventsBodyKeepsItsOwnLimit() {
        given().auth().oauth2(PUBLISHER).contentType("application/json").body("[" + " ".repeat(5 << 20) + "]")
                .post("/api/v1/hr-events").then().statusCode(413).contentType(startsWith("application/problem+json"))
                .body("detail", containsString("provisioning.ingest.max-event-body-size"));
    }

    /** Up to the end of the problem document: the server need not close the connection first. */
    private static String readAnswer(InputStream in) throws IOException {
        StringBuilder answer = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0) {
            answer.append((char) c);
            if (c == '}' && answer.indexOf("\r\n\r\n") > 0) {
                break;
            }
        }
        return answer.toString();
    }

    private HttpResponse<String> send(HttpRequest.BodyPublisher body, String source)
            throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(snapshots + "?source=" + source))
                .header("Authorization", "Bearer " + PUBLISHER).header("Content-Type", "text/csv")
                .POST(body).build();
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()
                .send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static String csv(String source, int workers) {
        StringBuilder csv = new StringBuilder(HEADER);
        for (int i = 0; i < workers; i++) {
            csv.append(source).append('-').append(i).append(",Worker,Number,EMPLOYEE,Sales,2026-01-01\n");
        }
        return csv.toString();
    }
}
