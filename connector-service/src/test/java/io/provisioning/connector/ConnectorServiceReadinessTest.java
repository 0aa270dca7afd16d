package io.provisioning.connector;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.hasItem;

import io.provisioning.testsupport.EmbeddedPostgresResource;
import io.provisioning.connector.runtime.StandInTargetsResource;
import io.provisioning.testsupport.KafkaResource;
import io.provisioning.testsupport.OpenLdapResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(value = KafkaResource.class, initArgs = @ResourceArg(name = "targets", value = "corp-ldap,retry-ldap,down-ldap"))
@WithTestResource(EmbeddedPostgresResource.class)
@WithTestResource(OidcWiremockTestResource.class)
@WithTestResource(OpenLdapResource.class)
@WithTestResource(StandInTargetsResource.class)
class ConnectorServiceReadinessTest {

    @Test
    void isReadyOnceItsSchemaIsMigrated() {
        given().when().get("/q/health/ready").then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItem("database-schema"))
                .body("checks.name", hasItem("outcome-producer"))
                // UP or DOWN per check, never a check's data (hosts, users, exceptions) without a token
                .body("checks.findAll { it.data != null }", empty())
                .body("checks.findAll { it.status == null }", empty());
        given().when().get("/q/health/group/anything").then().statusCode(404);
    }

    @Test
    void servesOpenApiAndMetricsWithoutToken() {
        given().when().get("/q/openapi").then().statusCode(200);
        given().when().get("/q/metrics").then().statusCode(200);
    }
}
