package io.provisioning.connector;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import io.provisioning.connector.runtime.StandInTargetsResource;
import io.provisioning.testsupport.EmbeddedPostgresResource;
import io.provisioning.testsupport.KafkaResource;
import io.provisioning.testsupport.OpenLdapResource;
import io.provisioning.testsupport.Roles;
import io.provisioning.testsupport.TestTokens;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A target's worker that stops (here: its thread interrupted, as a fatal failure inside it would
 * end it) is never silent: readiness goes DOWN naming the target, and the targets API shows it DOWN
 * with the reason. Its own application, since it leaves a worker dead.
 */
@QuarkusTest
@TestProfile(DeadWorkerReadinessTest.OwnApplication.class)
@WithTestResource(value = KafkaResource.class, initArgs = @ResourceArg(name = "targets", value = "corp-ldap,retry-ldap,down-ldap"))
@WithTestResource(EmbeddedPostgresResource.class)
@WithTestResource(OidcWiremockTestResource.class)
@WithTestResource(OpenLdapResource.class)
@WithTestResource(StandInTargetsResource.class)
class DeadWorkerReadinessTest {

    /** A profile of its own: the worker killed here must not be missing from the other tests' application. */
    public static class OwnApplication implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("provisioning.test.profile", "dead-worker");
        }
    }

    @Test
    void aDeadTargetWorkerMakesTheServiceNotReadyAndTheTargetDown() {
        await().atMost(Duration.ofSeconds(30)).until(() -> given().get("/q/health/ready").statusCode() == 200);

        Thread worker = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals("worker-corp-ldap")).findFirst().orElseThrow();
        worker.interrupt();

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().get("/q/health/ready").then()
                .statusCode(503).body("status", equalTo("DOWN"))
                .body("checks.find { it.name == 'target-workers' }.status", equalTo("DOWN"))
                .body("checks.find { it.name == 'target-workers' }.data.stopped", containsString("corp-ldap")));
        given().auth().oauth2(TestTokens.withRoles("ops-user", Roles.OPERATOR)).get("/api/v1/targets").then()
                .statusCode(200)
                .body("find { it.targetId == 'corp-ldap' }.health", equalTo("DOWN"))
                .body("find { it.targetId == 'corp-ldap' }.lastError", containsString("stopped"))
                .body("findAll { it.health == 'DOWN' }.targetId", hasItem("corp-ldap"));
    }
}
