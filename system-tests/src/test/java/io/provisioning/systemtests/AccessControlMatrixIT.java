package io.provisioning.systemtests;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Every endpoint of the four services against real Keycloak tokens: no token, a token whose
 * signature was altered, a token for another audience, a token of another realm (issuer), and
 * each role of the realm's clients. The table below is the access-control matrix (also in
 * docs/operations.md): a client in the row's set must get past authorisation, every other one gets 403.
 */
class AccessControlMatrixIT {

    private static final String PUBLISHER = "hris-publisher";
    private static final String OPS = "ops-console";
    private static final String AUDITOR = "audit-reader";
    private static final String NO_REQUEST = "00000000-0000-4000-8000-000000000000";

    /** One endpoint: where, how, and the clients whose roles allow it. */
    private record Row(String base, String method, String path, String contentType, String body, Set<String> allowed) {
    }

    private static final List<Row> MATRIX = List.of(
            new Row(Stack.INGEST, "POST", "/api/v1/hr-events", "application/json", "[]", Set.of(PUBLISHER)),
            new Row(Stack.INGEST, "POST", "/api/v1/hr-snapshots?source=acl", "text/csv", "workerId\n", Set.of(PUBLISHER)),
            new Row(Stack.INGEST, "GET", "/api/v1/hr-snapshots/none", null, null, Set.of(PUBLISHER, OPS)),
            new Row(Stack.INGEST, "GET", "/api/v1/hr-snapshots?status=HELD", null, null, Set.of(PUBLISHER, OPS)),
            new Row(Stack.INGEST, "GET", "/api/v1/hr-snapshots/none/events", null, null, Set.of(PUBLISHER, OPS)),
            new Row(Stack.INGEST, "POST", "/api/v1/hr-snapshots/none/approve", null, null, Set.of(OPS)),
            new Row(Stack.INGEST, "POST", "/api/v1/hr-snapshots/none/reject", null, null, Set.of(OPS)),
            new Row(Stack.INGEST, "GET", "/scim/v2/ServiceProviderConfig", null, null, Set.of(PUBLISHER)),
            new Row(Stack.INGEST, "GET", "/scim/v2/Schemas", null, null, Set.of(PUBLISHER)),
            new Row(Stack.INGEST, "GET", "/scim/v2/Users", null, null, Set.of(PUBLISHER)),
            new Row(Stack.INGEST, "GET", "/scim/v2/Users/none", null, null, Set.of(PUBLISHER)),
            new Row(Stack.INGEST, "PATCH", "/scim/v2/Users/none", "application/scim+json", "{}", Set.of(PUBLISHER)),
            new Row(Stack.INGEST, "DELETE", "/scim/v2/Users/none", null, null, Set.of(PUBLISHER)),
            new Row(Stack.INGEST, "POST", "/scim/v2/Bulk", "application/scim+json",
                    "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:BulkRequest\"],\"Operations\":[]}", Set.of(PUBLISHER)),
            new Row(Stack.POLICY, "GET", "/api/v1/identities/none", null, null, Set.of(OPS, AUDITOR)),
            new Row(Stack.POLICY, "GET", "/api/v1/identities", null, null, Set.of(OPS)),
            new Row(Stack.POLICY, "GET", "/api/v1/policy", null, null, Set.of(OPS)),
            new Row(Stack.POLICY, "GET", "/api/v1/policy/versions", null, null, Set.of(OPS)),
            new Row(Stack.POLICY, "GET", "/api/v1/policy/versions/1", null, null, Set.of(OPS)),
            // invalid drafts and an unknown version: admitted callers get 400 / 404, nothing is activated
            new Row(Stack.POLICY, "PUT", "/api/v1/policy", "application/json", "{}", Set.of(OPS)),
            new Row(Stack.POLICY, "POST", "/api/v1/policy/preview", "application/json", "{}", Set.of(OPS)),
            new Row(Stack.POLICY, "POST", "/api/v1/policy/versions/999999/activate", null, null, Set.of(OPS)),
            // access requests: asking and deciding need a worker (the token's workerId claim), which no
            // service account has; readers list and read them; a policy administrator revokes any grant
            new Row(Stack.POLICY, "GET", "/api/v1/access-requests", null, null, Set.of(OPS, AUDITOR)),
            new Row(Stack.POLICY, "GET", "/api/v1/access-requests/requestable", null, null, Set.of(OPS, AUDITOR)),
            new Row(Stack.POLICY, "GET", "/api/v1/access-requests/" + NO_REQUEST, null, null, Set.of(OPS, AUDITOR)),
            new Row(Stack.POLICY, "POST", "/api/v1/access-requests", "application/json", "{}", Set.of()),
            new Row(Stack.POLICY, "POST", "/api/v1/access-requests/" + NO_REQUEST + "/approve", null, null, Set.of()),
            new Row(Stack.POLICY, "POST", "/api/v1/access-requests/" + NO_REQUEST + "/deny", null, null, Set.of()),
            new Row(Stack.POLICY, "POST", "/api/v1/access-requests/" + NO_REQUEST + "/cancel", null, null, Set.of()),
            new Row(Stack.POLICY, "POST", "/api/v1/access-requests/" + NO_REQUEST + "/revoke", null, null, Set.of(OPS)),
            // access reviews: readers list and read them; a policy administrator creates, reassigns and closes;
            // deciding needs a worker; the evidence is for auditors and policy administrators
            new Row(Stack.POLICY, "GET", "/api/v1/reviews", null, null, Set.of(OPS, AUDITOR)),
            new Row(Stack.POLICY, "GET", "/api/v1/reviews/exclusions", null, null, Set.of(OPS, AUDITOR)),
            new Row(Stack.POLICY, "GET", "/api/v1/reviews/" + NO_REQUEST, null, null, Set.of(OPS, AUDITOR)),
            new Row(Stack.POLICY, "GET", "/api/v1/reviews/" + NO_REQUEST + "/items", null, null, Set.of(OPS, AUDITOR)),
            new Row(Stack.POLICY, "GET", "/api/v1/reviews/" + NO_REQUEST + "/evidence", null, null, Set.of(OPS, AUDITOR)),
            new Row(Stack.POLICY, "POST", "/api/v1/reviews", "application/json", "{}", Set.of(OPS)),
            new Row(Stack.POLICY, "POST", "/api/v1/reviews/" + NO_REQUEST + "/decisions", "application/json", "{}",
                    Set.of(OPS)),
            new Row(Stack.POLICY, "POST", "/api/v1/reviews/" + NO_REQUEST + "/items/1/decision", "application/json",
                    "{}", Set.of(OPS)),
            new Row(Stack.POLICY, "POST", "/api/v1/reviews/" + NO_REQUEST + "/close", null, null, Set.of(OPS)),
            new Row(Stack.POLICY, "GET", "/api/v1/sod/violations", null, null, Set.of(OPS, AUDITOR)),
            // the local stack's controllable clock; an invalid step changes nothing
            new Row(Stack.POLICY, "GET", "/api/v1/test/clock", null, null, Set.of(OPS)),
            new Row(Stack.POLICY, "POST", "/api/v1/test/clock?advance=-P1D", null, null, Set.of(OPS)),
            new Row(Stack.POLICY, "DELETE", "/api/v1/test/clock", null, null, Set.of(OPS)),
            new Row(Stack.CONNECTOR, "GET", "/api/v1/targets", null, null, Set.of(OPS)),
            new Row(Stack.CONNECTOR, "GET", "/api/v1/dead-letters", null, null, Set.of(OPS)),
            new Row(Stack.CONNECTOR, "POST", "/api/v1/dead-letters/none/retry", null, null, Set.of(OPS)),
            new Row(Stack.CONNECTOR, "POST", "/api/v1/targets/none/reconciliations", null, null, Set.of(OPS)),
            new Row(Stack.CONNECTOR, "GET", "/api/v1/reconciliations/none", null, null, Set.of(OPS)),
            new Row(Stack.CONNECTOR, "POST", "/api/v1/reconciliations/none/orphans/none/link?workerId=W1", null, null,
                    Set.of(OPS)),
            new Row(Stack.CONNECTOR, "POST", "/api/v1/reconciliations/none/orphans/none/disable", null, null, Set.of(OPS)),
            new Row(Stack.AUDIT, "GET", "/api/v1/audit/records?limit=1", null, null, Set.of(AUDITOR)),
            new Row(Stack.AUDIT, "GET", "/api/v1/audit/trace/none", null, null, Set.of(AUDITOR)),
            new Row(Stack.AUDIT, "GET", "/api/v1/audit/access/none", null, null, Set.of(AUDITOR)),
            new Row(Stack.AUDIT, "GET", "/api/v1/audit/verify", null, null, Set.of(AUDITOR)),
            new Row(Stack.AUDIT, "GET", "/api/v1/audit/export?format=ndjson&from=2100-01-01T00:00:00Z", null, null,
                    Set.of(AUDITOR)));

    @Test
    void everyEndpointAdmitsExactlyTheRolesOfItsRowAndRefusesEveryBadToken() {
        String altered = alterSignature(Stack.token(OPS));
        String otherAudience = Stack.token("provisioning-scim");
        String otherRealm = given().formParam("grant_type", "password").formParam("client_id", "admin-cli")
                .formParam("username", "admin").formParam("password", "admin")
                .post(Stack.KEYCLOAK + "/realms/master/protocol/openid-connect/token")
                .then().statusCode(200).extract().path("access_token");
        String expired = expiredToken();
        List<String> wrong = new ArrayList<>();
        for (Row row : MATRIX) {
            expect(wrong, row, "no token", call(row, null), 401);
            expect(wrong, row, "expired token", call(row, expired), 401);
            expect(wrong, row, "altered signature", call(row, altered), 401);
            expect(wrong, row, "audience of the SCIM API", call(row, otherAudience), 401);
            expect(wrong, row, "issuer of another realm", call(row, otherRealm), 401);
            for (String client : List.of(PUBLISHER, OPS, AUDITOR)) {
                int status = call(row, Stack.token(client)).statusCode();
                boolean admitted = status != 401 && status != 403;
                if (admitted != row.allowed().contains(client) || status >= 500) {
                    wrong.add(row.method() + " " + row.path() + " as " + client + ": " + status);
                }
            }
        }
        assertThat(wrong).as("answers that break the access-control matrix").isEmpty();
    }

    /**
     * A token of client ops-console-short-lived (the roles of ops-console, a 5-second lifespan),
     * admitted at first and returned once a service refuses it: it has expired.
     */
    private static String expiredToken() {
        String token = given().formParam("grant_type", "client_credentials")
                .formParam("client_id", "ops-console-short-lived").formParam("client_secret", "ops-console-short-lived-secret")
                .post(Stack.KEYCLOAK + "/realms/provisioning/protocol/openid-connect/token")
                .then().statusCode(200).extract().path("access_token");
        given().auth().oauth2(token).get(Stack.CONNECTOR + "/api/v1/targets").then().statusCode(200);
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).until(() -> given().auth().oauth2(token)
                .get(Stack.CONNECTOR + "/api/v1/targets").statusCode() == 401);
        return token;
    }

    private static void expect(List<String> wrong, Row row, String token, Response response, int status) {
        if (response.statusCode() != status) {
            wrong.add(row.method() + " " + row.path() + " with " + token + ": " + response.statusCode());
        } else if (!String.valueOf(response.contentType()).startsWith(errorMediaType(row))) {
            wrong.add(row.method() + " " + row.path() + " with " + token + ": not " + errorMediaType(row));
        }
    }

    /** SCIM clients get SCIM's error schema under /scim/v2; everything else answers problem+json. */
    private static String errorMediaType(Row row) {
        return row.path().startsWith("/scim/v2/") ? "application/scim+json" : "application/problem+json";
    }

    private static Response call(Row row, String token) {
        RequestSpecification request = given();
        if (token != null) {
            request = request.auth().oauth2(token);
        }
        if (row.body() != null) {
            request = request.contentType(row.contentType()).body(row.body());
        }
        return request.request(row.method(), row.base() + row.path());
    }

    /** The same token with one character of its signature changed. */
    private static String alterSignature(String token) {
        int at = token.length() - 5;
        char swapped = token.charAt(at) == 'A' ? 'B' : 'A';
        return token.substring(0, at) + swapped + token.substring(at + 1);
    }
}
