package io.provisioning.audit;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.startsWith;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.provisioning.contracts.Topics;
import io.provisioning.testsupport.EmbeddedPostgresResource;
import io.provisioning.testsupport.InJvmKafka;
import io.provisioning.testsupport.KafkaResource;
import io.provisioning.testsupport.Roles;
import io.provisioning.testsupport.TestTokens;
import io.provisioning.testsupport.TopicProbe;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Export of 10 000 records, as NDJSON and as CSV, with formula cells neutralised. */
@QuarkusTest
@WithTestResource(KafkaResource.class)
@WithTestResource(value = EmbeddedPostgresResource.class, initArgs = {
        @ResourceArg(name = "owner", value = "audit_export"), @ResourceArg(name = "runtime", value = "audit_export_app")})
@WithTestResource(OidcWiremockTestResource.class)
class AuditExportTest {

    private static final String AUDITOR = TestTokens.withRoles("carol", Roles.AUDITOR);
    private static final int RECORDS = 10_000;
    private static final String FORMULA_WORKER = "=cmd|' /C calc'!A0";

    private static boolean filled;

    /** Once per class; RestAssured knows the application's port only once a test runs. */
    @BeforeEach
    void fill() {
        if (filled) {
            return;
        }
        filled = true;
        List<Map.Entry<String, String>> records = new ArrayList<>(RECORDS);
        for (int i = 0; i < RECORDS - 1; i++) {
            records.add(Map.entry("X" + i, "{\"workerId\":\"X" + i + "\",\"status\":\"APPLIED\",\"note\":\"a,\\\"b\\\"\"}"));
        }
        records.add(Map.entry(FORMULA_WORKER, "{\"status\":\"APPLIED\",\"note\":\"@SUM(1+1)\"}"));
        TopicProbe.publishAll(InJvmKafka.bootstrapServers(), Topics.OUTCOMES, records);
        await().atMost(Duration.ofSeconds(60)).until(() -> given().auth().oauth2(AUDITOR)
                .get("/api/v1/audit/verify").then().extract().jsonPath().getLong("records") >= RECORDS);
    }

    @Test
    void ndjsonExportHasOneParsableLinePerRecordInOrder() throws Exception {
        String body = given().auth().oauth2(AUDITOR).queryParam("format", "ndjson")
                .get("/api/v1/audit/export").then().statusCode(200)
                .contentType(startsWith("application/x-ndjson")).extract().asString();

        List<String> lines = body.lines().toList();
        assertThat(lines).hasSize(RECORDS);
        ObjectMapper mapper = new ObjectMapper();
        JsonNode first = mapper.readTree(lines.get(0));
        JsonNode last = mapper.readTree(lines.get(lines.size() - 1));
        assertThat(first.get("seq").asLong()).isEqualTo(1);
        assertThat(last.get("seq").asLong()).isEqualTo(RECORDS);
        assertThat(last.get("prevHash").asText()).hasSize(64);
        assertThat(first.get("payload").get("status").asText()).isEqualTo("APPLIED");
    }

    @Test
    void csvExportQuotesEveryCellAndNeutralisesFormulas() {
        String body = given().auth().oauth2(AUDITOR).queryParam("format", "csv")
                .get("/api/v1/audit/export").then().statusCode(200)
                .contentType(startsWith("text/csv")).extract().asString();

        List<String> lines = body.lines().toList();
        assertThat(lines).hasSize(RECORDS + 1);
        assertThat(lines.get(0)).startsWith("\"seq\",\"recordedAt\",\"type\",\"workerId\"");
        assertThat(lines.get(1)).contains("\"{\"\"note\"\":\"\"a,\\\"\"b\\\"\"\"\"");
        // records of different partitions interleave: find the row by its content
        String formulaRow = lines.stream().filter(l -> l.contains("calc")).findFirst().orElseThrow();
        assertThat(formulaRow).contains("\"'=cmd|' /C calc'!A0\"").doesNotContain(",\"=cmd");
    }

    @Test
    void timeRangeLimitsTheExportAndBadParametersAreProblems() {
        Instant future = Instant.now().plusSeconds(3600);
        String empty = given().auth().oauth2(AUDITOR).queryParam("from", future.toString())
                .get("/api/v1/audit/export").then().statusCode(200).extract().asString();
        assertThat(empty).isEmpty();

        given().auth().oauth2(AUDITOR).queryParam("format", "xlsx").queryParam("from", "soon")
                .get("/api/v1/audit/export").then().statusCode(400)
                .body("errors.pointer", org.hamcrest.Matchers.containsInAnyOrder("/format", "/from"));
        given().auth().oauth2(TestTokens.withRoles("alice", Roles.OPERATOR)).get("/api/v1/audit/export")
                .then().statusCode(403);
    }
}
