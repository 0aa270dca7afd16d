package io.provisioning.ingest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every validation rule of docs/api.md with a failing case (answered 400 problem+json naming the field,
 * nothing published) and passing cases that must stay accepted.
 */
@QuarkusTest
@WithTestResource(KafkaResource.class)
@WithTestResource(EmbeddedPostgresResource.class)
@WithTestResource(OidcWiremockTestResource.class)
class HrEventValidationRulesTest {

    private static final ObjectMapper MAPPER = Json.mapper();
    private static final String PUBLISHER = TestTokens.withRoles("workday", Roles.HR_PUBLISHER);

    static Stream<Arguments> invalidEvents() {
        return Stream.of(
                bad("hired-employee.json", "specversion missing", e -> e.remove("specversion"), "/specversion"),
                bad("hired-employee.json", "specversion 0.3", e -> e.put("specversion", "0.3"), "/specversion"),
                bad("hired-employee.json", "specversion as number", e -> e.put("specversion", 1.0), "/specversion"),
                bad("hired-employee.json", "id missing", e -> e.remove("id"), "/id"),
                bad("hired-employee.json", "id empty", e -> e.put("id", ""), "/id"),
                bad("hired-employee.json", "id with spaces", e -> e.put("id", "a b"), "/id"),
                bad("hired-employee.json", "id over 200 chars", e -> e.put("id", "x".repeat(201)), "/id"),
                bad("hired-employee.json", "id as object", e -> e.putObject("id"), "/id"),
                bad("hired-employee.json", "source missing", e -> e.remove("source"), "/source"),
                bad("hired-employee.json", "source not a URI", e -> e.put("source", "workday"), "/source"),
                bad("hired-employee.json", "type missing", e -> e.remove("type"), "/type"),
                bad("hired-employee.json", "type unknown", e -> e.put("type", "hr.worker.promoted"), "/type"),
                bad("hired-employee.json", "subject missing", e -> e.remove("subject"), "/subject"),
                bad("hired-employee.json", "subject differs from workerId", e -> e.put("subject", "E99999"), "/subject"),
                bad("hired-employee.json", "time missing", e -> e.remove("time"), "/time"),
                bad("hired-employee.json", "time without zone", e -> e.put("time", "2026-11-26T09:00:00"), "/time"),
                bad("hired-employee.json", "time as epoch number", e -> e.put("time", 1764147600), "/time"),
                bad("hired-employee.json", "datacontenttype xml", e -> e.put("datacontenttype", "application/xml"), "/datacontenttype"),
                bad("hired-employee.json", "data missing", e -> e.remove("data"), "/data"),
                bad("hired-employee.json", "data as string", e -> e.put("data", "E10042"), "/data"),
                bad("hired-employee.json", "workerId missing", d(e -> e.remove("workerId")), "/data/workerId"),
                bad("hired-employee.json", "workerId over 64", d(e -> e.put("workerId", "E".repeat(65))), "/data/workerId"),
                bad("hired-employee.json", "workerId LDAP filter injection", d(e -> e.put("workerId", "*)(uid=*")), "/data/workerId"),
                bad("hired-employee.json", "workerId DN injection", d(e -> e.put("workerId", "E1,ou=admins")), "/data/workerId"),
                bad("hired-employee.json", "givenName missing", d(e -> e.remove("givenName")), "/data/givenName"),
                bad("hired-employee.json", "givenName empty", d(e -> e.put("givenName", "")), "/data/givenName"),
                bad("hired-employee.json", "givenName over 100", d(e -> e.put("givenName", "A".repeat(101))), "/data/givenName"),
                bad("hired-employee.json", "givenName with digits", d(e -> e.put("givenName", "R2D2")), "/data/givenName"),
                bad("hired-employee.json", "givenName with NUL", d(e -> e.put("givenName", "Ann\u0000")), "/data/givenName"),
                bad("hired-employee.json", "familyName SQL injection", d(e -> e.put("familyName", "x'); DROP TABLE users;--")), "/data/familyName"),
                bad("hired-employee.json", "familyName as number", d(e -> e.put("familyName", 42)), "/data/familyName"),
                bad("hired-employee.json", "workerType unknown", d(e -> e.put("workerType", "FREELANCER")), "/data/workerType"),
                bad("hired-employee.json", "workerType lowercase", d(e -> e.put("workerType", "employee")), "/data/workerType"),
                bad("hired-employee.json", "department missing", d(e -> e.remove("department")), "/data/department"),
                bad("hired-employee.json", "department with control char", d(e -> e.put("department", "Sales\u0007")), "/data/department"),
                bad("hired-employee.json", "jobTitle over 200", d(e -> e.put("jobTitle", "t".repeat(201))), "/data/jobTitle"),
                bad("hired-employee.json", "email malformed", d(e -> e.put("email", "not-an-email")), "/data/email"),
                bad("hired-employee.json", "managerId injection", d(e -> e.put("managerId", "E1)(|(uid=*")), "/data/managerId"),
                bad("hired-employee.json", "startDate missing", d(e -> e.remove("startDate")), "/data/startDate"),
                bad("hired-employee.json", "startDate impossible", d(e -> e.put("startDate", "2026-02-30")), "/data/startDate"),
                bad("hired-employee.json", "startDate US format", d(e -> e.put("startDate", "12/01/2026")), "/data/startDate"),
                bad("hired-contractor.json", "contractor without endDate", d(e -> e.remove("endDate")), "/data/endDate"),
                bad("hired-contractor.json", "intern without endDate", d(e -> e.put("workerType", "INTERN").remove("endDate")), "/data/endDate"),
                bad("hired-contractor.json", "endDate before startDate", d(e -> e.put("endDate", "2026-11-30")), "/data/endDate"),
                bad("hired-vendor.json", "vendor without sponsor", d(e -> e.remove("sponsorId")), "/data/sponsorId"),
                bad("hired-vendor.json", "vendor without endDate", d(e -> e.remove("endDate")), "/data/endDate"),
                bad("updated-mover.json", "effectiveDate malformed", d(e -> e.put("effectiveDate", "soon")), "/data/effectiveDate"),
                bad("terminated.json", "termination without effectiveDate", d(e -> e.remove("effectiveDate")), "/data/effectiveDate"),
                bad("terminated.json", "termination reason over 500", d(e -> e.put("reason", "r".repeat(501))), "/data/reason"),
                bad("leave-started.json", "leave without workerId", d(e -> e.remove("workerId")), "/data/workerId"),
                bad("leave-ended.json", "leave-ended effectiveDate as number", d(e -> e.put("effectiveDate", 20270510)), "/data/effectiveDate"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("invalidEvents")
    void invalidEventIsRefusedNamingTheFieldAndNothingIsPublished(String sample, String description,
                                                                  Consumer<ObjectNode> mutation, String pointer)
            throws Exception {
        ObjectNode event = HrEventsResourceTest.sample(sample, "V-" + UUID.randomUUID().toString().substring(0, 8));
        String id = event.path("id").asText();
        mutation.accept(event);

        given().auth().oauth2(PUBLISHER).contentType("application/json")
                .body(event.toString().getBytes(StandardCharsets.UTF_8))
                .post("/api/v1/hr-events")
                .then().statusCode(400).contentType(startsWith("application/problem+json"))
                .body("errors.pointer", hasItem(pointer));

        assertThat(TopicProbe.readAll(InJvmKafka.bootstrapServers(), Topics.HR_EVENTS))
                .noneMatch(r -> r.value().contains(id));
    }

    static Stream<Arguments> malformedBodies() {
        String deep = "[".repeat(2000) + "]".repeat(2000);
        return Stream.of(
                Arguments.of("not JSON", "hello", "application/json", 400),
                Arguments.of("truncated JSON", "{\"id\": \"a\"", "application/json", 400),
                Arguments.of("empty body", "", "application/json", 400),
                Arguments.of("JSON null", "null", "application/json", 400),
                Arguments.of("JSON number", "42", "application/json", 400),
                Arguments.of("empty batch", "[]", "application/cloudevents-batch+json", 400),
                Arguments.of("batch of strings", "[\"a\",\"b\"]", "application/json", 400),
                Arguments.of("object sent as batch", "{}", "application/cloudevents-batch+json", 400),
                Arguments.of("array sent as single", "[{}]", "application/cloudevents+json", 400),
                Arguments.of("deep nesting", deep, "application/json", 400),
                Arguments.of("XML", "<event/>", "application/xml", 415),
                Arguments.of("binary", "{}", "application/octet-stream", 415),
                Arguments.of("plain text", "{}", "text/plain", 415));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedBodies")
    void malformedBodyIsAProblemNeverAServerError(String description, String body, String type, int status) {
        given().auth().oauth2(PUBLISHER).contentType(type).body(body.getBytes(StandardCharsets.UTF_8))
                .post("/api/v1/hr-events")
                .then().statusCode(status).contentType(startsWith("application/problem+json"));
    }

    static Stream<String> unicodeNames() {
        return Stream.of("Zoë", "Łukasz", "Ó Briain", "D'Ángelo", "Nguyễn", "山田", "Müller-Lüdenscheidt", "O’Neil",
                "Þórunn", "José María", "Ἀθηνᾶ", "Ольга");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("unicodeNames")
    void unicodeNamesAreAccepted(String name) throws Exception {
        ObjectNode event = HrEventsResourceTest.sample("hired-employee.json", "U-" + UUID.randomUUID().toString().substring(0, 8));
        ((ObjectNode) event.get("data")).put("givenName", name).put("familyName", name);

        JsonNode answer = MAPPER.readTree(given().auth().oauth2(PUBLISHER).contentType("application/json")
                .body(event.toString().getBytes(StandardCharsets.UTF_8))
                .post("/api/v1/hr-events").then().statusCode(202).extract().asString());

        assertThat(answer.get("accepted").get(0).asText()).isEqualTo(event.get("id").asText());
    }

    private static Arguments bad(String sample, String description, Consumer<ObjectNode> mutation, String pointer) {
        return Arguments.of(sample, description, mutation, pointer);
    }

    /** A mutation of the event's data. */
    private static Consumer<ObjectNode> d(Consumer<ObjectNode> dataMutation) {
        return event -> dataMutation.accept((ObjectNode) event.get("data"));
    }
}
