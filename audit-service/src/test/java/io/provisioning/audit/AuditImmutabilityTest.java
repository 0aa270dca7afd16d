package io.provisioning.audit;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The database keeps the trail immutable: the runtime role may only read and append, the triggers
 * refuse every role but the owner, and verification detects what even the owner changes. Runs on
 * its own database, since it tampers with it.
 */
@QuarkusTest
@WithTestResource(KafkaResource.class)
@WithTestResource(value = EmbeddedPostgresResource.class, initArgs = {
        @ResourceArg(name = "owner", value = "audit_tamper"), @ResourceArg(name = "runtime", value = "audit_tamper_app")})
@WithTestResource(OidcWiremockTestResource.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AuditImmutabilityTest {

    private static final String AUDITOR = TestTokens.withRoles("carol", Roles.AUDITOR);
    private static final String OWNER = "audit_tamper";
    private static final String RUNTIME = "audit_tamper_app";

    @Test
    @Order(1)
    void untouchedChainVerifies() {
        List<Map.Entry<String, String>> records = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            records.add(Map.entry("T" + i, "{\"workerId\":\"T" + i + "\",\"status\":\"APPLIED\"}"));
        }
        TopicProbe.publishAll(InJvmKafka.bootstrapServers(), Topics.OUTCOMES, records);
        await().atMost(Duration.ofSeconds(20)).until(() -> given().auth().oauth2(AUDITOR).get("/api/v1/audit/verify?full=true")
                .then().extract().jsonPath().getLong("records") >= 20);

        given().auth().oauth2(AUDITOR).get("/api/v1/audit/verify")
                .then().statusCode(200).body("valid", equalTo(true)).body("firstBrokenSeq", nullValue());
    }

    @Test
    @Order(2)
    void runtimeRoleCannotUpdateDeleteOrTruncate() {
        assertThatThrownBy(() -> EmbeddedPostgresResource.executeAs(RUNTIME, OWNER, "UPDATE audit_record SET type = 'x'"))
                .hasMessageContaining("permission denied");
        assertThatThrownBy(() -> EmbeddedPostgresResource.executeAs(RUNTIME, OWNER, "DELETE FROM audit_record"))
                .hasMessageContaining("permission denied");
        assertThatThrownBy(() -> EmbeddedPostgresResource.executeAs(RUNTIME, OWNER, "TRUNCATE audit_record"))
                .hasMessageContaining("permission denied");
    }

    @Test
    @Order(3)
    void triggersRefuseEveryRoleButTheOwnerEvenASuperuser() {
        assertThatThrownBy(() -> EmbeddedPostgresResource.executeAs("postgres", OWNER, "UPDATE audit_record SET type = 'x'"))
                .hasMessageContaining("append-only");
        assertThatThrownBy(() -> EmbeddedPostgresResource.executeAs("postgres", OWNER, "DELETE FROM audit_record"))
                .hasMessageContaining("append-only");
        assertThatThrownBy(() -> EmbeddedPostgresResource.executeAs("postgres", OWNER, "TRUNCATE audit_record"))
                .hasMessageContaining("append-only");
    }

    private static String originalWorkerOfSeven;

    @Test
    @Order(4)
    void ownersDirectChangeIsDetectedByFullVerificationAtTheChangedRecord() {
        originalWorkerOfSeven = given().auth().oauth2(AUDITOR).queryParam("limit", 100).get("/api/v1/audit/records")
                .then().extract().jsonPath().getString("records.find { it.seq == 7 }.workerId");
        EmbeddedPostgresResource.executeAs(OWNER, OWNER, "UPDATE audit_record SET worker_id = 'someone-else' WHERE seq = 7");

        given().auth().oauth2(AUDITOR).get("/api/v1/audit/verify?full=true")
                .then().statusCode(200).body("valid", equalTo(false)).body("firstBrokenSeq", equalTo(7))
                .body("records", equalTo(6));
    }

    @Test
    @Order(5)
    void deletedRecordIsDetectedAsAGapInTheChain() {
        EmbeddedPostgresResource.executeAs(OWNER, OWNER,
                "UPDATE audit_record SET worker_id = '" + originalWorkerOfSeven + "' WHERE seq = 7");
        given().auth().oauth2(AUDITOR).get("/api/v1/audit/verify?full=true").then().body("valid", equalTo(true));

        EmbeddedPostgresResource.executeAs(OWNER, OWNER, "DELETE FROM audit_record WHERE seq = 12");

        given().auth().oauth2(AUDITOR).get("/api/v1/audit/verify?full=true")
                .then().statusCode(200).body("valid", equalTo(false)).body("firstBrokenSeq", equalTo(12));
    }
}
