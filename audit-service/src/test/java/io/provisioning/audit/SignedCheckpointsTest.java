package io.provisioning.audit;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.provisioning.audit.chain.ChainedRecord;
import io.provisioning.audit.chain.HashChain;
import io.provisioning.audit.verifier.CheckpointKeys;
import io.provisioning.audit.verifier.ExportVerifier;
import io.provisioning.audit.verifier.SignedCheckpoint;
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
import io.restassured.path.json.JsonPath;
import java.io.BufferedReader;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The trail survives its own database's owner: the owner deletes the newest records, or rewrites
 * one and makes every hash after it again, or the runtime role inserts a checkpoint far ahead; each
 * is found, by verify and by the standalone verifier, against the checkpoints the service signed and
 * published outside the database. Runs on its own database, since it tampers with it.
 */
@QuarkusTest
@WithTestResource(KafkaResource.class)
@WithTestResource(value = EmbeddedPostgresResource.class, initArgs = {
        @ResourceArg(name = "owner", value = "audit_signed"), @ResourceArg(name = "runtime", value = "audit_signed_app")})
@WithTestResource(OidcWiremockTestResource.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SignedCheckpointsTest {

    private static final String AUDITOR = TestTokens.withRoles("carol", Roles.AUDITOR);
    private static final String OWNER = "audit_signed";
    private static final String RUNTIME = "audit_signed_app";

    @ConfigProperty(name = "provisioning.audit.verify-key")
    String verifyKey;

    /** The trail's length after the first five records (a checkpoint covers it) and after all thirty. */
    private static long first;
    private static long last;

    @Test
    @Order(1)
    void theTrailsHeadIsSignedAndPublishedOutsideTheDatabase() {
        // the broker is shared by the test classes: records another class left unacknowledged may come first
        publish("A", 5);
        first = awaitRecords(5);
        awaitCheckpointCovering(first);
        publish("B", 25);
        last = awaitRecords(first + 25);
        List<SignedCheckpoint> checkpoints = awaitCheckpointCovering(last);

        assertThat(checkpoints).allSatisfy(c -> assertThat(c.verifiedBy(CheckpointKeys.publicKey(verifyKey))).isTrue());
        assertThat(checkpoints).extracting(SignedCheckpoint::seq).contains(first, last);
        List<String> published = TopicProbe.readAll(InJvmKafka.bootstrapServers(), Topics.AUDIT_CHECKPOINTS).stream()
                .map(record -> record.value()).toList();
        assertThat(published).isNotEmpty();
        assertThat(published.stream().map(SignedCheckpoint::parse).mapToLong(SignedCheckpoint::seq).max().orElse(0))
                .isEqualTo(last);

        given().auth().oauth2(AUDITOR).get("/api/v1/audit/verify").then().statusCode(200)
                .body("valid", equalTo(true)).body("records", equalTo((int) last))
                .body("signedCheckpointSeq", equalTo((int) last));
        ExportVerifier.Result offline = verifyExport(export(), checkpoints);
        assertThat(offline.valid()).as(offline.reason()).isTrue();
        assertThat(offline.records()).isEqualTo(last);
    }

    @Test
    @Order(2)
    void theOwnerDeletingTheNewestRecordsIsFound() {
        List<SignedCheckpoint> checkpoints = checkpoints();
        long kept = last - 4;
        EmbeddedPostgresResource.executeAs(OWNER, OWNER, "CREATE TABLE kept_tail AS SELECT * FROM audit_record WHERE seq > " + kept);
        EmbeddedPostgresResource.executeAs(OWNER, OWNER, "DELETE FROM audit_record WHERE seq > " + kept);

        for (String query : List.of("/api/v1/audit/verify", "/api/v1/audit/verify?full=true")) {
            given().auth().oauth2(AUDITOR).get(query).then().statusCode(200)
                    .body("valid", equalTo(false)).body("firstBrokenSeq", equalTo((int) kept + 1))
                    .body("reason", containsString("records were removed"));
        }
        ExportVerifier.Result offline = verifyExport(export(), checkpoints);
        assertThat(offline.valid()).isFalse();
        assertThat(offline.firstBrokenSeq()).isEqualTo(kept + 1);

        EmbeddedPostgresResource.executeAs(OWNER, OWNER, "INSERT INTO audit_record SELECT * FROM kept_tail");
        EmbeddedPostgresResource.executeAs(OWNER, OWNER, "DROP TABLE kept_tail");
        given().auth().oauth2(AUDITOR).get("/api/v1/audit/verify").then().body("valid", equalTo(true));
    }

    @Test
    @Order(3)
    void theOwnerRewritingARecordAndEveryHashAfterItIsFound() throws Exception {
        List<SignedCheckpoint> checkpoints = checkpoints();
        long rewritten = first + 5;
        EmbeddedPostgresResource.executeAs(OWNER, OWNER, "CREATE TABLE kept_rows AS SELECT * FROM audit_record WHERE seq >= " + rewritten);
        rewriteAndRechain(rewritten);
        given().auth().oauth2(AUDITOR).get("/api/v1/audit/records?limit=1&workerId=rewritten").then()
                .body("records.size()", equalTo(1));

        JsonPath verdict = given().auth().oauth2(AUDITOR).get("/api/v1/audit/verify?full=true").then().statusCode(200)
                .extract().jsonPath();
        assertThat(verdict.getBoolean("valid")).isFalse();
        // every checkpoint before the rewritten record still matches (the one at `first` at least), none after it
        assertThat(verdict.getLong("firstBrokenSeq")).isBetween(first + 1, rewritten);
        assertThat(verdict.getString("reason")).contains("rewritten");
        ExportVerifier.Result offline = verifyExport(export(), checkpoints);
        assertThat(offline.valid()).isFalse();
        assertThat(offline.firstBrokenSeq()).isBetween(first + 1, rewritten);

        EmbeddedPostgresResource.executeAs(OWNER, OWNER, "DELETE FROM audit_record WHERE seq >= " + rewritten);
        EmbeddedPostgresResource.executeAs(OWNER, OWNER, "INSERT INTO audit_record SELECT * FROM kept_rows");
        EmbeddedPostgresResource.executeAs(OWNER, OWNER, "DROP TABLE kept_rows");
        given().auth().oauth2(AUDITOR).get("/api/v1/audit/verify?full=true").then().body("valid", equalTo(true));
    }

    @Test
    @Order(4)
    void aCheckpointTheRuntimeRoleInsertsFarAheadIsReportedAsForged() {
        EmbeddedPostgresResource.executeAs(RUNTIME, OWNER, "INSERT INTO audit_signed_checkpoint (seq, hash, signed_at,"
                + " signature) VALUES (1000000, '" + "f".repeat(64) + "', now(), 'bm90IGEgc2lnbmF0dXJl')");

        given().auth().oauth2(AUDITOR).get("/api/v1/audit/verify").then().statusCode(200)
                .body("valid", equalTo(false)).body("firstBrokenSeq", equalTo((int) last + 1))
                .body("reason", containsString("not signed by the audit service's key"));
    }

    private static void publish(String prefix, int count) {
        List<Map.Entry<String, String>> records = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            records.add(Map.entry(prefix + i, "{\"workerId\":\"" + prefix + i + "\",\"status\":\"APPLIED\"}"));
        }
        TopicProbe.publishAll(InJvmKafka.bootstrapServers(), Topics.OUTCOMES, records);
    }

    private static long awaitRecords(long atLeast) {
        return await().atMost(Duration.ofSeconds(30)).until(() -> given().auth().oauth2(AUDITOR)
                .get("/api/v1/audit/verify?full=true").then().extract().jsonPath().getLong("records"), n -> n >= atLeast);
    }

    private static List<SignedCheckpoint> awaitCheckpointCovering(long seq) {
        return await().atMost(Duration.ofSeconds(30)).until(SignedCheckpointsTest::checkpoints,
                found -> found.stream().anyMatch(c -> c.seq() == seq));
    }

    private static List<SignedCheckpoint> checkpoints() {
        String body = given().auth().oauth2(AUDITOR).get("/api/v1/audit/checkpoints").then().statusCode(200)
                .extract().asString();
        return body.lines().filter(line -> !line.isBlank()).map(SignedCheckpoint::parse).toList();
    }

    private static String export() {
        return given().auth().oauth2(AUDITOR).get("/api/v1/audit/export?format=ndjson").then().statusCode(200)
                .extract().asString();
    }

    private ExportVerifier.Result verifyExport(String export, List<SignedCheckpoint> checkpoints) {
        try {
            return ExportVerifier.verify(new BufferedReader(new StringReader(export)), checkpoints,
                    CheckpointKeys.publicKey(verifyKey));
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** What an owner who knows the hashing can do: change a record, then make every hash after it again. */
    private static void rewriteAndRechain(long fromSeq) throws Exception {
        String url = "jdbc:postgresql://127.0.0.1:" + EmbeddedPostgresResource.server().getPort() + "/" + OWNER;
        try (Connection c = DriverManager.getConnection(url, OWNER, OWNER)) {
            c.setAutoCommit(false);
            String prev;
            try (PreparedStatement s = c.prepareStatement("SELECT hash FROM audit_record WHERE seq = ?")) {
                s.setLong(1, fromSeq - 1);
                try (ResultSet rs = s.executeQuery()) {
                    rs.next();
                    prev = rs.getString(1);
                }
            }
            List<Object[]> rows = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement("""
                    SELECT seq, recorded_at, type, worker_id, target_id, correlation_id, source_topic, source_partition,
                           source_offset, payload FROM audit_record WHERE seq >= ? ORDER BY seq""")) {
                s.setLong(1, fromSeq);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        rows.add(new Object[] {rs.getLong(1), rs.getTimestamp(2).toInstant(), rs.getString(3),
                                rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7), rs.getInt(8),
                                rs.getLong(9), rs.getString(10)});
                    }
                }
            }
            try (PreparedStatement update = c.prepareStatement(
                    "UPDATE audit_record SET worker_id = ?, prev_hash = ?, hash = ? WHERE seq = ?")) {
                for (Object[] row : rows) {
                    long seq = (Long) row[0];
                    String worker = seq == fromSeq ? "rewritten" : (String) row[3];
                    ChainedRecord record = new ChainedRecord(seq, (java.time.Instant) row[1], (String) row[2], worker,
                            (String) row[4], (String) row[5], (String) row[6], (Integer) row[7], (Long) row[8],
                            (String) row[9]);
                    String hash = HashChain.hash(prev, record);
                    update.setString(1, worker);
                    update.setString(2, prev);
                    update.setString(3, hash);
                    update.setLong(4, seq);
                    update.addBatch();
                    prev = hash;
                }
                update.executeBatch();
            }
            c.commit();
        }
    }
}
