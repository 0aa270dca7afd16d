package io.provisioning.ingest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.provisioning.contracts.Json;
import io.provisioning.contracts.Topics;
import io.provisioning.testsupport.EmbeddedPostgresResource;
import io.provisioning.testsupport.InJvmKafka;
import io.provisioning.testsupport.KafkaResource;
import io.provisioning.testsupport.Roles;
import io.provisioning.testsupport.TestTokens;
import io.provisioning.testsupport.TopicProbe;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.response.Response;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(KafkaResource.class)
@WithTestResource(EmbeddedPostgresResource.class)
@WithTestResource(OidcWiremockTestResource.class)
class ScimInboundTest {

    private static final ObjectMapper MAPPER = Json.mapper();
    private static final String PUBLISHER = TestTokens.withRoles("workday", Roles.HR_PUBLISHER);
    private static final String SCIM = "application/scim+json";
    private static final String ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
    private static final String WORKER = "urn:ietf:params:scim:schemas:extension:provisioning:2.0:Worker";

    @Test
    void serviceProviderConfigAnnouncesBulkLimitsPatchAndFilter() {
        given().auth().oauth2(PUBLISHER).get("/scim/v2/ServiceProviderConfig").then().statusCode(200)
                .contentType(SCIM)
                .body("bulk.supported", equalTo(true))
                .body("bulk.maxOperations", equalTo(1000))
                .body("bulk.maxPayloadSize", equalTo(4 * 1024 * 1024))
                .body("patch.supported", equalTo(true))
                .body("filter.supported", equalTo(true))
                .body("authenticationSchemes[0].type", equalTo("oauthbearertoken"));
        given().auth().oauth2(PUBLISHER).get("/scim/v2/ResourceTypes/User").then().statusCode(200)
                .body("schemaExtensions.schema", hasItems(ENTERPRISE, WORKER));
        given().auth().oauth2(PUBLISHER).get("/scim/v2/Schemas").then().statusCode(200)
                .body("Resources.id", hasItems("urn:ietf:params:scim:schemas:core:2.0:User", ENTERPRISE, WORKER));
        given().auth().oauth2(PUBLISHER).get("/scim/v2/Schemas/" + WORKER).then().statusCode(200)
                .body("attributes.name", hasItems("workerType", "startDate", "endDate", "location", "costCenter",
                        "sponsorId", "jobCode", "leaveStartDate", "leaveEndDate"));
    }

    @Test
    void entraBulkRequestHiresEveryWorkerWithItsMappedFieldsAndAResendPublishesNothing() throws IOException {
        String suffix = letters();
        String bulk = entraSample(suffix);

        Response first = bulk(bulk);
        first.then().statusCode(200).contentType(SCIM)
                .body("schemas", hasItem("urn:ietf:params:scim:api:messages:2.0:BulkResponse"))
                .body("Operations.status", equalTo(List.of("201", "201")))
                .body("Operations.bulkId", equalTo(List.of("701984", "701985")))
                .body("Operations[0].location", containsString("/scim/v2/Users/701984" + suffix));

        JsonNode hired = eventsFor("701984" + suffix).get(0);
        assertThat(hired.path("type").asText()).isEqualTo("hr.worker.hired");
        assertThat(hired.path("source").asText()).isEqualTo("urn:hris:scim:workday");
        JsonNode data = hired.path("data");
        assertThat(data.path("givenName").asText()).isEqualTo("Barbara");
        assertThat(data.path("familyName").asText()).isEqualTo("Jensen");
        assertThat(data.path("email").asText()).isEqualTo("bjensen@example.com");
        assertThat(data.path("workerType").asText()).isEqualTo("EMPLOYEE");
        assertThat(data.path("department").asText()).isEqualTo("Tour Operations");
        assertThat(data.path("jobTitle").asText()).isEqualTo("Tour Guide");
        assertThat(data.path("costCenter").asText()).isEqualTo("4130");
        assertThat(data.path("location").asText()).isEqualTo("Rockton");
        assertThat(data.path("startDate").asText()).isEqualTo("2023-02-01");
        assertThat(data.path("jobCode").asText()).isEqualTo("TG-101");
        assertThat(eventsFor("701985" + suffix).get(0).path("data").path("managerId").asText())
                .isEqualTo("701984" + suffix);

        bulk(bulk).then().statusCode(200).body("Operations.status", equalTo(List.of("200", "200")));
        assertThat(eventsFor("701984" + suffix)).hasSize(1);
        assertThat(eventsFor("701985" + suffix)).hasSize(1);
    }

    @Test
    void activeFalseTerminatesTodayAndActiveTrueAgainRehires() throws IOException {
        String suffix = letters();
        bulk(entraSample(suffix)).then().statusCode(200);
        ObjectNode request = (ObjectNode) MAPPER.readTree(entraSample(suffix));
        ArrayNode operations = (ArrayNode) request.get("Operations");
        operations.remove(1);
        ((ObjectNode) operations.get(0).get("data")).put("active", false);

        bulk(request.toString()).then().statusCode(200).body("Operations[0].status", equalTo("200"));
        List<JsonNode> events = eventsFor("701984" + suffix);
        assertThat(events).extracting(e -> e.path("type").asText())
                .containsExactly("hr.worker.hired", "hr.worker.terminated");
        assertThat(events.get(1).path("data").path("effectiveDate").asText())
                .isEqualTo(java.time.LocalDate.now(java.time.ZoneOffset.UTC).toString());

        ((ObjectNode) operations.get(0).get("data")).put("active", true);
        bulk(request.toString()).then().statusCode(200);
        assertThat(eventsFor("701984" + suffix)).extracting(e -> e.path("type").asText())
                .containsExactly("hr.worker.hired", "hr.worker.terminated", "hr.worker.rehired");
    }

    @Test
    void anInvalidOperationFailsAloneWithItsBulkIdAndFailOnErrorsStopsTheRest() throws IOException {
        String suffix = letters();
        ObjectNode request = (ObjectNode) MAPPER.readTree(entraSample(suffix));
        ArrayNode operations = (ArrayNode) request.get("Operations");
        ((ObjectNode) operations.get(0).get("data").get(ENTERPRISE)).remove("department");

        bulk(request.toString()).then().statusCode(200)
                .body("Operations.status", equalTo(List.of("400", "201")))
                .body("Operations[0].bulkId", equalTo("701984"))
                .body("Operations[0].response.scimType", equalTo("invalidValue"))
                .body("Operations[0].response.detail", containsString(ENTERPRISE + ":department"))
                .body("Operations[0].response.schemas", hasItem("urn:ietf:params:scim:api:messages:2.0:Error"));
        assertThat(eventsFor("701984" + suffix)).isEmpty();

        String other = letters();
        ObjectNode stopping = (ObjectNode) MAPPER.readTree(entraSample(other));
        ((ObjectNode) stopping.get("Operations").get(0).get("data").get(ENTERPRISE)).remove("department");
        stopping.put("failOnErrors", 1);
        bulk(stopping.toString()).then().statusCode(200).body("Operations", hasSize(1));
        assertThat(eventsFor("701985" + other)).isEmpty();
    }

    @Test
    void aBulkOverMaxOperationsIsRefusedWith413AndRunsNothing() throws IOException {
        ObjectNode request = (ObjectNode) MAPPER.readTree(entraSample(letters()));
        ArrayNode operations = (ArrayNode) request.get("Operations");
        JsonNode template = operations.get(0);
        operations.removeAll();
        for (int i = 0; i < 1001; i++) {
            ObjectNode operation = template.deepCopy();
            operation.put("bulkId", "b" + i);
            ((ObjectNode) operation.get("data")).put("externalId", "X" + letters());
            operations.add(operation);
        }
        bulk(request.toString()).then().statusCode(413).contentType(SCIM)
                .body("status", equalTo("413"))
                .body("detail", containsString("maxOperations is 1000"));
    }

    @Test
    void aBulkOverMaxPayloadSizeIsRefusedWith413InScimsErrorSchema() {
        String padding = "x".repeat(4 * 1024 * 1024);
        String body = "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:BulkRequest\"],\"Operations\":[],"
                + "\"padding\":\"" + padding + "\"}";
        bulk(body).then().statusCode(413).contentType(SCIM)
                .body("schemas", hasItem("urn:ietf:params:scim:api:messages:2.0:Error"))
                .body("detail", containsString("maxPayloadSize"));
    }

    @Test
    void usersCanBeCreatedFoundPatchedAndDeletedOneByOne() throws IOException {
        String id = "S" + letters();
        ObjectNode user = user(id, "Research");
        Response created = given().auth().oauth2(PUBLISHER).contentType(SCIM).body(user.toString()).post("/scim/v2/Users");
        created.then().statusCode(201).header("Location", containsString("/scim/v2/Users/" + id))
                .body("id", equalTo(id)).body("meta.resourceType", equalTo("User")).body("meta.version", equalTo("W/\"1\""));

        given().auth().oauth2(PUBLISHER).contentType(SCIM).body(user.toString()).post("/scim/v2/Users")
                .then().statusCode(409).contentType(SCIM).body("scimType", equalTo("uniqueness"));

        given().auth().oauth2(PUBLISHER).queryParam("filter", "externalId eq \"" + id + "\"").get("/scim/v2/Users")
                .then().statusCode(200).body("totalResults", equalTo(1)).body("Resources[0].id", equalTo(id));
        given().auth().oauth2(PUBLISHER).queryParam("filter", "userName eq \"" + id.toUpperCase() + "@EXAMPLE.COM\"")
                .get("/scim/v2/Users").then().statusCode(200).body("totalResults", equalTo(1));
        given().auth().oauth2(PUBLISHER).queryParam("filter", "title co \"x\"").get("/scim/v2/Users")
                .then().statusCode(400).body("scimType", equalTo("invalidFilter"));

        String patch = """
                {"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], "Operations": [
                  {"op": "replace", "path": "%s:department", "value": "Sales"},
                  {"op": "add", "path": "%s:leaveStartDate", "value": "2031-05-01"}]}""".formatted(ENTERPRISE, WORKER);
        given().auth().oauth2(PUBLISHER).contentType(SCIM).header("If-Match", "W/\"1\"").body(patch)
                .patch("/scim/v2/Users/" + id).then().statusCode(200)
                .body("'" + ENTERPRISE + "'.department", equalTo("Sales")).body("meta.version", equalTo("W/\"2\""));
        given().auth().oauth2(PUBLISHER).contentType(SCIM).header("If-Match", "W/\"1\"").body(patch)
                .patch("/scim/v2/Users/" + id).then().statusCode(412);

        given().auth().oauth2(PUBLISHER).delete("/scim/v2/Users/" + id).then().statusCode(204);
        given().auth().oauth2(PUBLISHER).get("/scim/v2/Users/" + id).then().statusCode(404).contentType(SCIM)
                .body("status", equalTo("404"));

        List<JsonNode> events = eventsFor(id);
        assertThat(events).extracting(e -> e.path("type").asText()).containsExactly("hr.worker.hired",
                "hr.worker.updated", "hr.worker.leave-started", "hr.worker.terminated");
        assertThat(events.get(1).path("data").path("department").asText()).isEqualTo("Sales");
        assertThat(events.get(2).path("data").path("effectiveDate").asText()).isEqualTo("2031-05-01");
    }

    @Test
    void aReplacementWithoutActiveNeitherRehiresNorTerminates() {
        String id = "P" + letters();
        ObjectNode user = user(id, "Research");
        given().auth().oauth2(PUBLISHER).contentType(SCIM).body(user.toString()).post("/scim/v2/Users").then().statusCode(201);
        given().auth().oauth2(PUBLISHER).contentType(SCIM).body("""
                {"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                 "Operations": [{"op": "replace", "value": {"active": false}}]}""")
                .patch("/scim/v2/Users/" + id).then().statusCode(200).body("active", equalTo(false));

        user.put("title", "Researcher");
        given().auth().oauth2(PUBLISHER).contentType(SCIM).body(user.toString()).put("/scim/v2/Users/" + id)
                .then().statusCode(200).body("active", equalTo(false)).body("title", equalTo("Researcher"));

        assertThat(eventsFor(id)).extracting(e -> e.path("type").asText())
                .containsExactly("hr.worker.hired", "hr.worker.terminated", "hr.worker.updated");
    }

    @Test
    void concurrentBulksAboutTheSameWorkersAreAppliedOneAfterTheOtherAndLoseNoChange() throws Exception {
        String prefix = "Q" + letters();
        List<String> ids = java.util.stream.IntStream.range(0, 20).mapToObj(i -> prefix + (char) ('A' + i)).toList();
        bulk(bulkOf(ids, "Starter")).then().statusCode(200);
        var pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        List<java.util.concurrent.Future<Response>> sent = new java.util.ArrayList<>();
        for (int k = 0; k < 4; k++) {
            String title = "Title" + (char) ('A' + k);
            sent.add(pool.submit(() -> bulk(bulkOf(ids, title))));
        }
        for (var response : sent) {
            response.get().then().statusCode(200).body("Operations.status", org.hamcrest.Matchers.everyItem(equalTo("200")));
        }
        pool.shutdown();

        for (String id : ids) {
            given().auth().oauth2(PUBLISHER).get("/scim/v2/Users/" + id).then().statusCode(200)
                    .body("meta.version", equalTo("W/\"5\""));
            assertThat(eventsFor(id)).extracting(e -> e.path("type").asText()).containsExactly("hr.worker.hired",
                    "hr.worker.updated", "hr.worker.updated", "hr.worker.updated", "hr.worker.updated");
        }
    }

    private static String bulkOf(List<String> ids, String title) {
        ObjectNode request = MAPPER.createObjectNode();
        request.putArray("schemas").add("urn:ietf:params:scim:api:messages:2.0:BulkRequest");
        ArrayNode operations = request.putArray("Operations");
        for (String id : ids) {
            ObjectNode user = user(id, "Research");
            user.put("title", title);
            operations.addObject().put("method", "POST").put("path", "/Users").put("bulkId", id).set("data", user);
        }
        return request.toString();
    }

    @Test
    void aUserNameHeldByAnotherWorkerIsAConflict() {
        String first = "U" + letters();
        String second = "U" + letters();
        given().auth().oauth2(PUBLISHER).contentType(SCIM).body(user(first, "Research").toString()).post("/scim/v2/Users")
                .then().statusCode(201);
        ObjectNode clash = user(second, "Research");
        clash.put("userName", first.toLowerCase() + "@example.com");
        given().auth().oauth2(PUBLISHER).contentType(SCIM).body(clash.toString()).post("/scim/v2/Users")
                .then().statusCode(409).body("scimType", equalTo("uniqueness")).body("detail", containsString(first));
        assertThat(eventsFor(second)).isEmpty();

        given().auth().oauth2(PUBLISHER).contentType(SCIM).body(user(second, "Research").toString()).post("/scim/v2/Users")
                .then().statusCode(201);
        given().auth().oauth2(PUBLISHER).contentType(SCIM).body("""
                {"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                 "Operations": [{"op": "replace", "path": "userName", "value": "%s"}]}"""
                        .formatted(first.toUpperCase() + "@EXAMPLE.COM"))
                .patch("/scim/v2/Users/" + second).then().statusCode(409).body("scimType", equalTo("uniqueness"));
    }

    @Test
    void aResourceIsStoredAsSentEvenWithQuotesBackslashesAndNonLatinTextAndAControlCharacterInUserNameIsRefused() {
        String id = "U" + letters();
        ObjectNode user = user(id, "Research");
        user.put("profileUrl", "O\"Brien \\ Ünal 日本 \u0001");
        // as bytes: JSON is UTF-8, and a String body would be encoded as ISO-8859-1 for this media type
        given().auth().oauth2(PUBLISHER).contentType(SCIM).body(user.toString().getBytes(StandardCharsets.UTF_8))
                .post("/scim/v2/Users").then().statusCode(201);
        given().auth().oauth2(PUBLISHER).get("/scim/v2/Users/" + id)
                .then().statusCode(200).body("profileUrl", equalTo("O\"Brien \\ Ünal 日本 \u0001"));

        ObjectNode control = user("U" + letters(), "Research");
        control.put("userName", "nul\u0000name@example.com");
        given().auth().oauth2(PUBLISHER).contentType(SCIM).body(control.toString()).post("/scim/v2/Users")
                .then().statusCode(400).body("scimType", equalTo("invalidValue")).body("detail", containsString("userName"));
        ObjectNode controlId = user("U" + letters(), "Research");
        controlId.put("externalId", "E\u0000X");
        given().auth().oauth2(PUBLISHER).contentType(SCIM).body(controlId.toString()).post("/scim/v2/Users")
                .then().statusCode(400).body("scimType", equalTo("invalidValue")).body("detail", containsString("externalId"));
        // a NUL in a URL is refused before any resource is looked for
        given().auth().oauth2(PUBLISHER).get("/scim/v2/Users/E%00X").then().statusCode(400);
        given().auth().oauth2(PUBLISHER).queryParam("filter", "userName eq \"a\u0000b\"").get("/scim/v2/Users")
                .then().statusCode(400);
    }

    @Test
    void errorsUnderScimAreInScimsErrorSchemaIncludingMissingTokensAndRoles() {
        given().get("/scim/v2/Users/x").then().statusCode(401).contentType(SCIM)
                .body("schemas", hasItem("urn:ietf:params:scim:api:messages:2.0:Error")).body("status", equalTo("401"));
        given().auth().oauth2(TestTokens.withRoles("reader", Roles.AUDITOR)).get("/scim/v2/Users/x")
                .then().statusCode(403).contentType(SCIM).body("status", equalTo("403"));
        given().auth().oauth2(PUBLISHER).contentType(SCIM).body("{not json").post("/scim/v2/Users")
                .then().statusCode(400).body("scimType", equalTo("invalidSyntax"));
        given().auth().oauth2(PUBLISHER).contentType(SCIM).body("{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"],"
                + "\"userName\":\"nobody\"}").post("/scim/v2/Users")
                .then().statusCode(400).body("scimType", equalTo("invalidValue")).body("detail", containsString("externalId"))
                .body("errors", nullValue());
    }

    @Test
    void aClientNotBoundToItsScimSourceIsRefused() {
        String contractors = TestTokens.withRoles("contractors", Roles.HR_PUBLISHER);
        given().auth().oauth2(contractors).contentType(SCIM).body(user("C" + letters(), "Research").toString())
                .post("/scim/v2/Users").then().statusCode(403).body("detail", containsString("urn:hris:scim:contractors"));
    }

    private static ObjectNode user(String id, String department) {
        ObjectNode user = MAPPER.createObjectNode();
        user.putArray("schemas").add("urn:ietf:params:scim:schemas:core:2.0:User").add(ENTERPRISE).add(WORKER);
        user.put("externalId", id);
        user.put("userName", id.toLowerCase() + "@example.com");
        user.putObject("name").put("givenName", "Ada").put("familyName", "Lovelace");
        user.putObject(ENTERPRISE).put("department", department);
        user.putObject(WORKER).put("workerType", "EMPLOYEE").put("startDate", "2024-01-15");
        return user;
    }

    private static Response bulk(String body) {
        return given().auth().oauth2(PUBLISHER).contentType(SCIM).body(body).post("/scim/v2/Bulk");
    }

    /** The sample with every worker id, userName and manager reference made unique to one test. */
    private static String entraSample(String suffix) throws IOException {
        try (InputStream in = ScimInboundTest.class.getResourceAsStream("/samples/scim/entra-bulk-request.json")) {
            String sample = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            return sample.replace("\"701984\"", "\"701984" + suffix + "\"").replace("\"701985\"", "\"701985" + suffix + "\"")
                    .replace("\"bulkId\": \"701984" + suffix + "\"", "\"bulkId\": \"701984\"")
                    .replace("\"bulkId\": \"701985" + suffix + "\"", "\"bulkId\": \"701985\"")
                    .replace("jensen@example.com\"", "jensen." + suffix + "@example.com\"")
                    .replace("\"value\": \"bjensen." + suffix + "@example.com\"", "\"value\": \"bjensen@example.com\"")
                    .replace("\"value\": \"kjensen." + suffix + "@example.com\"", "\"value\": \"kjensen@example.com\"");
        }
    }

    private static List<JsonNode> eventsFor(String workerId) {
        return TopicProbe.readAll(InJvmKafka.bootstrapServers(), Topics.HR_EVENTS).stream()
                .filter(r -> workerId.equals(r.key())).map(r -> {
                    try {
                        return MAPPER.readTree(r.value());
                    } catch (IOException e) {
                        throw new IllegalStateException(e);
                    }
                }).toList();
    }

    private static String letters() {
        StringBuilder letters = new StringBuilder();
        for (char c : UUID.randomUUID().toString().replace("-", "").substring(0, 10).toCharArray()) {
            letters.append((char) ('A' + Character.digit(c, 16)));
        }
        return letters.toString();
    }
}
