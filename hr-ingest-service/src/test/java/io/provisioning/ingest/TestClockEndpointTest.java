package io.provisioning.ingest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.notNullValue;

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
 * The test clock's endpoint in an application built as deploy/stack builds it
 * ({@code -Dprovisioning.clock.test-endpoint=true}) and switched on at run time: it answers.
 * {@link TestClockInAProductionBuildTest} proves a production build has none.
 */
@QuarkusTest
@TestProfile(TestClockEndpointTest.StackBuild.class)
@WithTestResource(KafkaResource.class)
@WithTestResource(EmbeddedPostgresResource.class)
@WithTestResource(OidcWiremockTestResource.class)
class TestClockEndpointTest {

    static final String OPERATOR = TestTokens.withRoles("olivia", Roles.OPERATOR);

    /** Built as deploy/stack builds, switched on at run time. */
    public static class StackBuild implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("provisioning.clock.test-endpoint", "true", "provisioning.clock.controllable", "true");
        }
    }

    @Test
    void theTestClockAnswersInTheStacksBuild() {
        given().auth().oauth2(OPERATOR).get("/api/v1/test/clock").then().statusCode(200).body("now", notNullValue());
    }
}
