package io.provisioning.policy;

import static io.provisioning.policy.HrStory.newWorker;
import static io.provisioning.policy.HrStory.publish;
import static io.provisioning.policy.HrStory.worker;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.notNullValue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.provisioning.contracts.Json;
import io.provisioning.contracts.Topics;
import io.provisioning.contracts.command.AccountState;
import io.provisioning.contracts.command.ProvisioningCommand;
import io.provisioning.testsupport.EmbeddedPostgresResource;
import io.provisioning.testsupport.InJvmKafka;
import io.provisioning.testsupport.KafkaResource;
import io.provisioning.testsupport.Roles;
import io.provisioning.testsupport.TestTokens;
import io.provisioning.testsupport.TopicProbe;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import io.restassured.RestAssured;
import io.restassured.config.EncoderConfig;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Changing the policy: validation with every error and its place, the preview of a draft, the
 * mass-change guard, activation that emits exactly what the preview showed, rollback, roles. Its
 * own database, so that the versions it activates do not change the policy other tests run with.
 */
@QuarkusTest
@WithTestResource(value = KafkaResource.class, initArgs = @ResourceArg(name = "targets", value = "corp-ldap,crm-app"))
@WithTestResource(value = EmbeddedPostgresResource.class, initArgs = {
        @ResourceArg(name = "owner", value = "policy_authoring"), @ResourceArg(name = "runtime", value = "policy_authoring")})
@WithTestResource(OidcWiremockTestResource.class)
class PolicyAuthoringTest {

    private static final String ADMIN = TestTokens.withRoles("pat", Roles.POLICY_ADMIN);
    private static final String OPERATOR = TestTokens.withRoles("olly", Roles.OPERATOR);
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final ObjectMapper MAPPER = Json.mapper();
    private static final String YAML = "application/yaml";

    private final List<String> workers = new ArrayList<>();

    @BeforeAll
    static void sendYamlAsText() {
        RestAssured.config = RestAssured.config().encoderConfig(EncoderConfig.encoderConfig()
                .encodeContentTypeAs(YAML, ContentType.TEXT));
    }

    @BeforeEach
    void hireSomeWorkers() {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        for (String department : List.of("Engineering", "Engineering", "Sales", "Finance")) {
            String w = newWorker("PA");
            workers.add(w);
            publish("hr.worker.hired", w, Instant.now(), worker(w, "Pia", "Author" + department.charAt(0), "EMPLOYEE",
                    department, today, null, null));
        }
        await().atMost(WAIT).until(() -> workers.stream().allMatch(w -> !commands("corp-ldap", w).isEmpty()));
        await().atMost(WAIT).until(() -> rolloutsFinished());
    }

    @Test
    void everyValidationErrorIsListedWithItsLineColumnAndPointerAndNothingIsActivated() {
        long before = activeVersion();
        String draft = """
                targets:
                  corp-ldap:
                    birthright: true
                    accountName:
                      template: "{givenName:1}{nickname}"
                    email: "{accountName@example.com"
                    attributes:
                      cn: "{givenName} {familyName}"
                    managedGroups: [all-staff]
                    colour: blue
                rules:
                  - id: staff
                    when: { shoeSize: { equals: "42" } }
                    grant: { corp-ldap: [all-staff, admins], crm: [users] }
                  - id: staff
                    grant: { corp-ldap: [all-staff] }
                lifecycle:
                  timeZones:
                    Berlin: Europe/Atlantis
                """;

        JsonPath problem = given().auth().oauth2(ADMIN).contentType(YAML).body(draft)
                .when().put("/api/v1/policy")
                .then().statusCode(400).contentType("application/problem+json")
                .extract().jsonPath();

        // the shape is checked first: an unknown key stops there, with its place
        assertThat(problem.getList("errors.pointer")).containsExactly("/targets/corp-ldap/colour");
        assertThat(problem.getInt("errors[0].line")).isEqualTo(10);
        assertThat(problem.getInt("errors[0].column")).isEqualTo(5);

        JsonPath meaning = given().auth().oauth2(ADMIN).contentType(YAML).body(draft.replace("    colour: blue\n", ""))
                .when().put("/api/v1/policy")
                .then().statusCode(400).extract().jsonPath();
        assertThat(meaning.getList("errors.pointer", String.class)).containsExactlyInAnyOrder(
                "/targets/corp-ldap/accountName/template",
                "/targets/corp-ldap/email",
                "/rules/0/when/shoeSize",
                "/rules/0/grant/corp-ldap/1",
                "/rules/0/grant/crm",
                "/rules/1/id",
                "/lifecycle/timeZones/Berlin");
        Map<String, Object> unmanaged = errorAt(meaning, "/rules/0/grant/corp-ldap/1");
        assertThat((String) unmanaged.get("message")).contains("managedGroups");
        assertThat(unmanaged.get("line")).isEqualTo(13);
        assertThat((String) errorAt(meaning, "/targets/corp-ldap/accountName/template").get("message")).contains("{nickname}");
        assertThat((String) errorAt(meaning, "/rules/0/grant/crm").get("message")).contains("not a target");
        assertThat((String) errorAt(meaning, "/rules/0/when/shoeSize").get("message")).contains("not a worker field");
        assertThat(errorAt(meaning, "/lifecycle/timeZones/Berlin").get("line")).isEqualTo(18);
        assertThat(activeVersion()).isEqualTo(before);
    }

    @Test
    void unreadableDocumentsAreRefusedWithWhereTheyStopped() {
        given().auth().oauth2(ADMIN).contentType(YAML).body("targets:\n  corp-ldap: [unclosed\n")
                .when().put("/api/v1/policy")
                .then().statusCode(400).body("errors[0].line", notNullValue()).body("errors[0].column", notNullValue())
                .body("errors[0].message", org.hamcrest.Matchers.startsWith("not valid YAML"));
        given().auth().oauth2(ADMIN).contentType("application/json")
                .body("{\"targets\": {\"a\": {}}, \"targets\": {}}")
                .when().put("/api/v1/policy")
                .then().statusCode(400).body("errors[0].message", org.hamcrest.Matchers.containsString("targets"));
        given().auth().oauth2(ADMIN).contentType(YAML).body("targets: {}\nrules: []\n")
                .when().put("/api/v1/policy")
                .then().statusCode(400).body("errors[0].pointer", equalTo("/targets"));
        given().auth().oauth2(ADMIN).contentType(YAML).body(" ")
                .when().put("/api/v1/policy")
                .then().statusCode(400);
    }

    @Test
    void aTargetWithoutItsCommandTopicIsRefusedBeforeAnythingIsActivated() {
        long before = activeVersion();
        String draft = activeDocument().replace("rules:\n", """
                  hr-portal:
                    birthright: true
                rules:
                """);

        given().auth().oauth2(ADMIN).contentType(YAML).body(draft).when().put("/api/v1/policy")
                .then().statusCode(400).body("errors[0].pointer", equalTo("/targets/hr-portal"))
                .body("errors[0].message", org.hamcrest.Matchers.containsString("provisioning.commands.hr-portal"));
        assertThat(activeVersion()).isEqualTo(before);
    }

    @Test
    void thePreviewShowsExactlyWhatTheActivationThenEmits() throws Exception {
        String draft = activeDocument()
                .replace("rules:\n", """
                          crm-app:
                            birthright: false
                            accountName:
                              template: "{givenName}.{familyName}"
                              maxLength: 30
                            attributes:
                              displayName: "{givenName} {familyName}"
                            managedGroups: [crm-users, crm-finance]
                        rules:
                          - id: crm-engineering
                            when: { department: { equals: Engineering } }
                            grant: { crm-app: [crm-users] }
                          - id: crm-finance
                            when: { department: { in: [Finance] } }
                            grant: { crm-app: [crm-users, crm-finance] }
                        """);
        long before = activeVersion();
        JsonPath preview = preview(draft, 1000);
        List<Map<String, Object>> previewed = preview.getList("workers");
        assertThat(previewed).isNotEmpty().allMatch(w -> w.get("targetId").equals("crm-app"));
        assertThat(preview.getLong("targets.crm-app.create")).isEqualTo(previewed.size());
        assertThat(preview.getLong("targets.corp-ldap.create")).isZero();
        assertThat(activeVersion()).as("a preview changes nothing").isEqualTo(before);

        JsonPath activated = given().auth().oauth2(ADMIN).contentType(YAML).body(draft)
                .queryParam("comment", "CRM for engineering and finance")
                .when().put("/api/v1/policy")
                .then().statusCode(200).body("changed", equalTo(true)).body("author", equalTo("pat"))
                .extract().jsonPath();
        long version = activated.getLong("version");
        assertThat(version).isEqualTo(before + 1);
        assertThat(activated.getString("previewDigest")).isEqualTo(preview.getString("digest"));

        await().atMost(WAIT).until(() -> rolloutsFinished());
        List<ProvisioningCommand> emitted = new ArrayList<>();
        for (String target : List.of("corp-ldap", "crm-app")) {
            emitted.addAll(commands(target, null).stream()
                    .filter(c -> c.correlationId().equals("policy-v" + version)).toList());
        }
        assertThat(emitted).extracting(c -> c.workerId() + "/" + c.targetId() + "/" + c.state() + "/" + c.groups())
                .containsExactlyInAnyOrderElementsOf(previewed.stream().map(w -> w.get("workerId") + "/" + w.get("targetId")
                        + "/" + AccountState.PRESENT + "/" + grants(w)).toList());
        assertThat(emitted).allMatch(c -> c.policyVersion() == version && c.reason().equals("POLICY_CHANGE"));
        JsonNode record = policyChange("policy-v" + version);
        assertThat(record.path("type").asText()).isEqualTo("policy.activated");
        assertThat(record.path("comment").asText()).isEqualTo("CRM for engineering and finance");
        assertThat(record.path("counts").path("create").asLong()).isEqualTo(previewed.size());

        // the same document again is no new version
        given().auth().oauth2(ADMIN).contentType(YAML).body(draft).when().put("/api/v1/policy")
                .then().statusCode(200).body("changed", equalTo(false)).body("version", equalTo((int) version));
        // the preview of the active policy is empty
        assertThat(preview(draft, 1000).getList("workers")).isEmpty();
    }

    @Test
    void aMassDisableIsRefusedThenAcceptedWithThePreviewDigestAndRolledBack() throws Exception {
        long before = activeVersion();
        String original = activeDocument();
        String noBirthright = original.replace("birthright: true", "birthright: false")
                .replaceAll("(?s)rules:.*?lifecycle:", "rules: []\nlifecycle:");

        Response refused = given().auth().oauth2(ADMIN).contentType(YAML).body(noBirthright)
                .when().put("/api/v1/policy");
        refused.then().statusCode(409).contentType("application/problem+json")
                .body("type", equalTo("https://provisioning.io/problems/mass-change"))
                .body("digest", matchesPattern("[0-9a-f]{64}"))
                .body("targets.corp-ldap.disable", org.hamcrest.Matchers.greaterThanOrEqualTo(workers.size()));
        String digest = refused.jsonPath().getString("digest");
        assertThat(activeVersion()).isEqualTo(before);
        given().auth().oauth2(ADMIN).contentType(YAML).body(noBirthright).queryParam("confirm", "0".repeat(64))
                .when().put("/api/v1/policy").then().statusCode(409);
        assertThat(policyChanges("policy.activation-refused")).anyMatch(r -> r.path("digest").asText().equals(digest));

        given().auth().oauth2(ADMIN).contentType(YAML).body(noBirthright).queryParam("confirm", digest)
                .when().put("/api/v1/policy").then().statusCode(200).body("version", equalTo((int) before + 1));
        await().atMost(WAIT).until(() -> rolloutsFinished());
        assertThat(workers).allMatch(w -> lastCommand(w).state() == AccountState.DISABLED
                && lastCommand(w).correlationId().equals("policy-v" + (before + 1)));

        given().auth().oauth2(OPERATOR).post("/api/v1/policy/versions/" + before + "/activate").then().statusCode(403);
        given().auth().oauth2(ADMIN).queryParam("comment", "too much")
                .when().post("/api/v1/policy/versions/" + before + "/activate")
                .then().statusCode(200).body("version", equalTo((int) before + 2))
                .body("comment", equalTo("rollback to version " + before + ": too much"));
        await().atMost(WAIT).until(() -> rolloutsFinished());
        assertThat(workers).allMatch(w -> lastCommand(w).state() == AccountState.PRESENT
                && lastCommand(w).correlationId().equals("policy-v" + (before + 2)));
        given().auth().oauth2(OPERATOR).get("/api/v1/policy/versions/" + (before + 2))
                .then().statusCode(200).body("active", equalTo(true)).body("rollout.status", equalTo("DONE"))
                .body("digest", equalTo(given().auth().oauth2(OPERATOR).get("/api/v1/policy/versions/" + before)
                        .then().extract().path("digest")));
        given().auth().oauth2(ADMIN).post("/api/v1/policy/versions/99999/activate").then().statusCode(404);
    }

    @Test
    void previewPagesFollowOneAnotherAndOnlyAdminsChangeThePolicy() {
        String draft = activeDocument().replace("grant: { corp-ldap: [sales] }", "grant: { corp-ldap: [sales, marketing] }")
                .replace("grant: { corp-ldap: [engineering] }", "grant: { corp-ldap: [engineering, it] }");
        List<Object> all = preview(draft, 1000).getList("workers");
        assertThat(all).hasSizeGreaterThanOrEqualTo(3);
        List<Object> paged = new ArrayList<>();
        String cursor = null;
        do {
            var request = given().auth().oauth2(OPERATOR).contentType(YAML).body(draft).queryParam("limit", 2);
            if (cursor != null) {
                request.queryParam("cursor", cursor);
            }
            JsonPath page = request.post("/api/v1/policy/preview").then().statusCode(200).extract().jsonPath();
            paged.addAll(page.getList("workers"));
            cursor = page.getString("nextCursor");
        } while (cursor != null);
        assertThat(paged).isEqualTo(all);

        given().auth().oauth2(OPERATOR).contentType(YAML).body(draft).queryParam("cursor", "!!").post("/api/v1/policy/preview")
                .then().statusCode(400).body("errors[0].pointer", equalTo("/cursor"));
        given().auth().oauth2(OPERATOR).contentType(YAML).body(draft).put("/api/v1/policy").then().statusCode(403);
        given().auth().oauth2(TestTokens.withRoles("aud", Roles.AUDITOR)).contentType(YAML).body(draft)
                .post("/api/v1/policy/preview").then().statusCode(403);
        given().contentType(YAML).body(draft).put("/api/v1/policy").then().statusCode(401);
    }

    private static JsonPath preview(String draft, int limit) {
        return given().auth().oauth2(ADMIN).contentType(YAML).body(draft).queryParam("limit", limit)
                .when().post("/api/v1/policy/preview")
                .then().statusCode(200).body("digest", matchesPattern("[0-9a-f]{64}"))
                .extract().jsonPath();
    }

    @SuppressWarnings("unchecked")
    private static List<String> grants(Map<String, Object> worker) {
        return ((List<Map<String, Object>>) worker.get("changes")).stream()
                .filter(c -> "grant".equals(c.get("change"))).map(c -> (String) c.get("group")).sorted().toList();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> errorAt(JsonPath problem, String pointer) {
        return ((List<Map<String, Object>>) (List<?>) problem.getList("errors")).stream()
                .filter(e -> pointer.equals(e.get("pointer"))).findFirst().orElseThrow();
    }

    private static long activeVersion() {
        return given().auth().oauth2(OPERATOR).get("/api/v1/policy").then().statusCode(200).extract().jsonPath().getLong("version");
    }

    private static String activeDocument() {
        String document = given().auth().oauth2(OPERATOR).get("/api/v1/policy").then().statusCode(200)
                .extract().jsonPath().getString("document");
        return document;
    }

    private static boolean rolloutsFinished() {
        long version = activeVersion();
        Response response = given().auth().oauth2(OPERATOR).get("/api/v1/policy/versions/" + version);
        String status = response.jsonPath().getString("rollout.status");
        return status == null || status.equals("DONE");
    }

    private ProvisioningCommand lastCommand(String workerId) {
        List<ProvisioningCommand> all = commands("corp-ldap", workerId);
        return all.get(all.size() - 1);
    }

    private static List<ProvisioningCommand> commands(String target, String workerId) {
        return TopicProbe.readAll(InJvmKafka.bootstrapServers(), Topics.commands(target)).stream()
                .filter(r -> workerId == null || workerId.equals(r.key()))
                .map(r -> read(r.value(), ProvisioningCommand.class))
                .sorted(java.util.Comparator.comparingLong(ProvisioningCommand::sequence))
                .toList();
    }

    private static JsonNode policyChange(String id) {
        return TopicProbe.readAll(InJvmKafka.bootstrapServers(), Topics.POLICY_CHANGES).stream()
                .map(r -> read(r.value(), JsonNode.class)).filter(r -> r.path("id").asText().equals(id))
                .reduce((first, second) -> second).orElseThrow();
    }

    private static List<JsonNode> policyChanges(String type) {
        return TopicProbe.readAll(InJvmKafka.bootstrapServers(), Topics.POLICY_CHANGES).stream()
                .map(r -> read(r.value(), JsonNode.class)).filter(r -> r.path("type").asText().equals(type)).toList();
    }

    private static <T> T read(String json, Class<T> type) {
        try {
            return MAPPER.readValue(json, type);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
