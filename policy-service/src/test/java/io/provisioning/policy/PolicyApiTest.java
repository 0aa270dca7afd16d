package io.provisioning.policy;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;

import io.provisioning.testsupport.EmbeddedPostgresResource;
import io.provisioning.testsupport.KafkaResource;
import io.provisioning.testsupport.Roles;
import io.provisioning.testsupport.TestTokens;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import org.junit.jupiter.api.Test;

/** Reading the active policy and its history. */
@QuarkusTest
@WithTestResource(value = KafkaResource.class, initArgs = @ResourceArg(name = "targets", value = "corp-ldap"))
@WithTestResource(EmbeddedPostgresResource.class)
@WithTestResource(OidcWiremockTestResource.class)
class PolicyApiTest {

    @Test
    void theActivePolicyIsTheDefaultAsVersionOneWithItsDocument() {
        given().auth().oauth2(TestTokens.withRoles("pat", Roles.POLICY_ADMIN))
                .when().get("/api/v1/policy")
                .then().statusCode(200)
                .body("version", greaterThanOrEqualTo(1))
                .body("format", equalTo("yaml"))
                .body("digest", org.hamcrest.Matchers.matchesPattern("[0-9a-f]{64}"))
                .body("document", containsString("corp-ldap:"));
    }

    @Test
    void theHistoryListsEveryVersionNewestFirstForOperatorsToo() {
        given().auth().oauth2(TestTokens.withRoles("olly", Roles.OPERATOR))
                .when().get("/api/v1/policy/versions")
                .then().statusCode(200)
                .body("total", greaterThanOrEqualTo(1))
                .body("items[-1].version", equalTo(1))
                .body("items[-1].author", equalTo("system"));
    }

    @Test
    void thePolicyIsNotForAuditorsOrPublishersAndBadPagingIsRefused() {
        given().when().get("/api/v1/policy").then().statusCode(401);
        given().auth().oauth2(TestTokens.withRoles("aud", Roles.AUDITOR)).when().get("/api/v1/policy").then().statusCode(403);
        given().auth().oauth2(TestTokens.withRoles("pub", Roles.HR_PUBLISHER)).when().get("/api/v1/policy/versions")
                .then().statusCode(403);
        given().auth().oauth2(TestTokens.withRoles("pat", Roles.POLICY_ADMIN)).queryParam("size", 1000)
                .when().get("/api/v1/policy/versions")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].pointer", equalTo("/size"));
    }
}
