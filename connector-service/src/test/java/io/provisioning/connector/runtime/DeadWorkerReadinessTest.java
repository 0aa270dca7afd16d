package io.provisioning.connector.runtime;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.provisioning.contracts.Json;
import io.provisioning.contracts.Topics;
import io.provisioning.contracts.command.AccountState;
import io.provisioning.contracts.command.ProvisioningCommand;
import io.provisioning.testsupport.EmbeddedPostgresResource;
import io.provisioning.testsupport.KafkaResource;
import io.provisioning.testsupport.OpenLdapResource;
import io.provisioning.testsupport.Roles;
import io.provisioning.testsupport.TestTokens;
import io.provisioning.testsupport.TopicProbe;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * A target's worker whose thread ends on an Error takes the service out of readiness and shows its
 * target DOWN with the reason. In production the Error also ends the process (FatalErrorsTest); here
 * the test stands in for the process-wide handler so that the JVM lives on to be asked.
 */
@QuarkusTest
@WithTestResource(value = KafkaResource.class, initArgs = @ResourceArg(name = "targets", value = "corp-ldap,retry-ldap,down-ldap,broken-target"))
@WithTestResource(EmbeddedPostgresResource.class)
@WithTestResource(OidcWiremockTestResource.class)
@WithTestResource(OpenLdapResource.class)
@WithTestResource(StandInTargetsResource.class)
@WithTestResource(BrokenTargetResource.class)
class DeadWorkerReadinessTest {

    private static final ObjectMapper MAPPER = Json.mapper();

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String kafka;

    @Test
    void aWorkerKilledByAnErrorMakesTheServiceNotReadyAndItsTargetDown() throws Exception {
        given().when().get("/q/health/ready").then().statusCode(200)
                .body("checks.find { it.name == 'target-workers' }.status", equalTo("UP"))
                .body("checks.find { it.name == 'outcome-producer' }.status", equalTo("UP"));
        LogCapture logs = LogCapture.install();
        Thread.UncaughtExceptionHandler processPolicy = Thread.getDefaultUncaughtExceptionHandler();
        List<Throwable> escaped = new CopyOnWriteArrayList<>();
        Thread.setDefaultUncaughtExceptionHandler((thread, failure) -> escaped.add(failure));
        try {
            ProvisioningCommand hire = new ProvisioningCommand(UUID.randomUUID().toString(), "evt-dead-worker",
                    "W-dead-worker", BrokenTargetResource.TARGET, "dead.worker", 1, AccountState.PRESENT,
                    Map.of("cn", List.of("Dead Worker")), List.of(), List.of(), Map.of(), 1, "JOINER", Instant.now());
            TopicProbe.publish(kafka, Topics.commands(BrokenTargetResource.TARGET), hire.workerId(),
                    MAPPER.writeValueAsString(hire));

            // the Error is the stand-in handler's to see, not Awaitility's
            await().dontCatchUncaughtExceptions().atMost(Duration.ofSeconds(30))
                    .untilAsserted(() -> given().when().get("/q/health/ready").then()
                    .statusCode(503)
                    .body("checks.find { it.name == 'target-workers' }.status", equalTo("DOWN"))
                    // which target stopped is the operator's to read in the log, not the unauthenticated probe's
                    .body("checks.find { it.name == 'target-workers' }.data", nullValue()));
            assertThat(logs.lines()).anyMatch(line -> line.contains("health check") && line.contains("target-workers")
                    && line.contains(BrokenTargetResource.TARGET));
            assertThat(escaped).singleElement().isInstanceOf(BrokenConnectorFactory.ConnectorBroke.class);
            given().auth().oauth2(TestTokens.withRoles("ops-user", Roles.OPERATOR))
                    .when().get("/api/v1/targets").then().statusCode(200)
                    .body("find { it.id == 'broken-target' }.health", equalTo("DOWN"))
                    .body("find { it.id == 'broken-target' }.lastError", containsString("stopped"))
                    .body("find { it.id == 'corp-ldap' }.lastError", equalTo(null));
        } finally {
            Thread.setDefaultUncaughtExceptionHandler(processPolicy);
        }
    }
}
