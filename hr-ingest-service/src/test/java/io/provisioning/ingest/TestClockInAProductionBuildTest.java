package io.provisioning.ingest;

import static io.restassured.RestAssured.given;

import io.provisioning.testsupport.EmbeddedPostgresResource;
import io.provisioning.testsupport.KafkaResource;
import io.provisioning.testsupport.Roles;
import io.provisioning.testsupport.TestTokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * An application built as production is (the build property unset) has no test clock, even with
 * the run-time switch on: the endpoint is not in the build at all.
 */
@QuarkusTest
@TestProfile(TestClockInAProductionBuildTest.ProductionBuild.class)
@WithTestResource(KafkaResource.class)
@WithTestResource(EmbeddedPostgresResource.class)
@WithTestResource(OidcWiremockTestResource.class)
class TestClockInAProductionBuildTest {

    /** Built as production is, switched on at run time all the same. */
    public static class ProductionBuild implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("provisioning.clock.test-endpoint", "false", "provisioning.clock.controllable", "true");
        }
    }

    @Test
    void theTestClockIsNotThereEvenSwitchedOnAtRunTime() {
        given().auth().oauth2(TestClockEndpointTest.OPERATOR).get("/api/v1/test/clock").then().statusCode(404);
        given().auth().oauth2(TestClockEndpointTest.OPERATOR).post("/api/v1/test/clock?advance=P1D").then().statusCode(404);
    }
}
