package io.provisioning.ingest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

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

/** An operator's SCIM settings: DELETE switched off, smaller bulks, another source for a client's events. */
@QuarkusTest
@TestProfile(ScimSettingsTest.Restricted.class)
@WithTestResource(KafkaResource.class)
@WithTestResource(EmbeddedPostgresResource.class)
@WithTestResource(OidcWiremockTestResource.class)
class ScimSettingsTest {

    private static final String PUBLISHER = TestTokens.withRoles("workday", Roles.HR_PUBLISHER);
    private static final String SCIM = "application/scim+json";

    public static class Restricted implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("provisioning.ingest.scim.delete", "refuse",
                    "provisioning.ingest.scim.bulk.max-operations", "2",
                    "provisioning.ingest.scim.bulk.max-payload-size", "64K",
                    "provisioning.ingest.scim.source", "urn:hris:people:{client}");
        }
    }

    @Test
    void theServiceProviderConfigAnnouncesTheConfiguredLimits() {
        given().auth().oauth2(PUBLISHER).get("/scim/v2/ServiceProviderConfig").then().statusCode(200)
                .body("bulk.maxOperations", equalTo(2)).body("bulk.maxPayloadSize", equalTo(64 * 1024));
    }

    @Test
    void deleteSwitchedOffIs405AndTerminatesNobody() {
        given().auth().oauth2(PUBLISHER).delete("/scim/v2/Users/anyone").then().statusCode(405).contentType(SCIM)
                .body("status", equalTo("405")).body("detail", containsString("active to false"));
    }

    @Test
    void aSourceTheClientIsNotBoundToRefusesEveryOperation() {
        given().auth().oauth2(TestTokens.withRoles("contractors", Roles.HR_PUBLISHER)).contentType(SCIM).body("""
                {"schemas": ["urn:ietf:params:scim:api:messages:2.0:BulkRequest"], "Operations": [
                  {"method": "DELETE", "path": "/Users/anyone"}]}""")
                .post("/scim/v2/Bulk").then().statusCode(403).contentType(SCIM)
                .body("detail", containsString("urn:hris:people:contractors"));
    }

    @Test
    void aBulkOverTheConfiguredOperationsIs413() {
        given().auth().oauth2(PUBLISHER).contentType(SCIM).body("""
                {"schemas": ["urn:ietf:params:scim:api:messages:2.0:BulkRequest"], "Operations": [
                  {"method": "DELETE", "path": "/Users/a"}, {"method": "DELETE", "path": "/Users/b"},
                  {"method": "DELETE", "path": "/Users/c"}]}""")
                .post("/scim/v2/Bulk").then().statusCode(413).body("detail", containsString("maxOperations is 2"));
    }
}
