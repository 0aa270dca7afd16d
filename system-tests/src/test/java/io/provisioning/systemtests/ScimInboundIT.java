package io.provisioning.systemtests;

import static io.provisioning.systemtests.WorkersOnStack.entry;
import static io.provisioning.systemtests.WorkersOnStack.identity;
import static io.provisioning.systemtests.WorkersOnStack.letters;
import static io.provisioning.systemtests.WorkersOnStack.locked;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.jakarta.rs.json.JacksonJsonProvider;
import com.unboundid.scim2.client.ScimService;
import com.unboundid.scim2.common.GenericScimResource;
import com.unboundid.scim2.common.exceptions.ScimException;
import com.unboundid.scim2.common.messages.ListResponse;
import com.unboundid.scim2.common.types.ServiceProviderConfigResource;
import com.unboundid.scim2.common.utils.JsonUtils;
import io.provisioning.contracts.Json;
import jakarta.ws.rs.client.Client;
import jakarta.ws.rs.client.ClientBuilder;
import jakarta.ws.rs.client.ClientRequestFilter;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * HR sources that speak SCIM: Entra's inbound bulk payload sent unchanged in shape, and the
 * UnboundID SCIM 2 SDK, a client this project did not write, driving /scim/v2 through to OpenLDAP.
 */
class ScimInboundIT {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final ObjectMapper MAPPER = Json.mapper();
    private static final String SCIM = "application/scim+json";
    private static final String ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
    private static final String WORKER = "urn:ietf:params:scim:schemas:extension:provisioning:2.0:Worker";

    private static Client client;
    private static ScimService scim;

    @BeforeAll
    static void independentScimClient() {
        client = ClientBuilder.newBuilder().register(new JacksonJsonProvider(JsonUtils.createObjectMapper())).build();
        scim = new ScimService(client.target(Stack.INGEST + "/scim/v2").register((ClientRequestFilter) request ->
                request.getHeaders().putSingle("Authorization", "Bearer " + Stack.token("hris-publisher"))));
    }

    @AfterAll
    static void close() {
        client.close();
    }

    @Test
    void entrasSampleBulkCreatesAccountsInTheDirectoryActiveFalseLocksOneAndTooManyOperationsAre413() throws Exception {
        String suffix = letters(UUID.randomUUID().toString().substring(0, 8)).toUpperCase();
        ObjectNode sample = entraSample(suffix);
        String barbara = "701984" + suffix;
        String kathy = "701985" + suffix;

        bulk(sample.toString()).then().statusCode(200).contentType(SCIM)
                .body("Operations.status", equalTo(List.of("201", "201")));
        await().atMost(WAIT).until(() -> entry(barbara) != null && entry(kathy) != null);
        assertThat(identity(barbara).getString("attributes.department")).isEqualTo("Tour Operations");
        assertThat(identity(barbara).getString("attributes.jobCode")).isEqualTo("TG-101");
        assertThat(identity(kathy).getString("attributes.managerId")).isEqualTo(barbara);
        assertThat(locked(barbara)).isFalse();

        ArrayNode operations = (ArrayNode) sample.get("Operations");
        operations.remove(1);
        ((ObjectNode) operations.get(0).get("data")).put("active", false);
        bulk(sample.toString()).then().statusCode(200).body("Operations[0].status", equalTo("200"));
        await().atMost(WAIT).until(() -> locked(barbara));
        assertThat(locked(kathy)).isFalse();

        JsonNode template = operations.get(0);
        operations.removeAll();
        for (int i = 0; i < 1001; i++) {
            ObjectNode operation = template.deepCopy();
            operation.put("bulkId", "op" + i);
            ((ObjectNode) operation.get("data")).put("externalId", "OVER" + i + suffix);
            operations.add(operation);
        }
        bulk(sample.toString()).then().statusCode(413).contentType(SCIM)
                .body("status", equalTo("413")).body("detail", containsString("maxOperations is 1000"));
        assertThat(identity("OVER0" + suffix).getString("workerId")).isNull();
    }

    @Test
    void anIndependentScimClientDiscoversCreatesFindsModifiesAndDeletesAWorker() throws Exception {
        ServiceProviderConfigResource config = scim.getServiceProviderConfig();
        assertThat(config.getBulk().isSupported()).isTrue();
        assertThat(config.getBulk().getMaxOperations()).isEqualTo(1000);
        assertThat(config.getPatch().isSupported()).isTrue();

        String workerId = "SC" + letters(UUID.randomUUID().toString().substring(0, 8)).toUpperCase();
        GenericScimResource created = scim.create("Users", new GenericScimResource(user(workerId)));
        assertThat(created.getId()).isEqualTo(workerId);
        assertThat(created.getMeta().getLocation().toString()).endsWith("/scim/v2/Users/" + workerId);
        await().atMost(WAIT).until(() -> entry(workerId) != null);

        assertThatThrownBy(() -> scim.create("Users", new GenericScimResource(user(workerId))))
                .isInstanceOfSatisfying(ScimException.class, e -> {
                    assertThat(e.getScimError().getStatus()).isEqualTo(409);
                    assertThat(e.getScimError().getScimType()).isEqualTo("uniqueness");
                });

        ListResponse<GenericScimResource> found = scim.searchRequest("Users")
                .filter("externalId eq \"" + workerId + "\"").invoke(GenericScimResource.class);
        assertThat(found.getTotalResults()).isEqualTo(1);
        assertThat(found.getResources().get(0).getId()).isEqualTo(workerId);

        GenericScimResource moved = scim.modifyRequest("Users", workerId)
                .replaceValue(ENTERPRISE + ":department", "Sales")
                .replaceValue("title", "Account Executive")
                .invoke(GenericScimResource.class);
        assertThat(moved.getObjectNode().get(ENTERPRISE).get("department").asText()).isEqualTo("Sales");
        await().atMost(WAIT).until(() -> "Sales".equals(identity(workerId).getString("attributes.department")));
        assertThat(scim.retrieve("Users", workerId, GenericScimResource.class).getObjectNode().get("title").asText())
                .isEqualTo("Account Executive");

        scim.delete("Users", workerId);
        await().atMost(WAIT).until(() -> locked(workerId));
        assertThat(identity(workerId).getString("lifecycle")).isEqualTo("TERMINATED");
        assertThatThrownBy(() -> scim.retrieve("Users", workerId, GenericScimResource.class))
                .isInstanceOfSatisfying(ScimException.class, e -> assertThat(e.getScimError().getStatus()).isEqualTo(404));
    }

    private static ObjectNode user(String workerId) {
        ObjectNode user = MAPPER.createObjectNode();
        user.putArray("schemas").add("urn:ietf:params:scim:schemas:core:2.0:User").add(ENTERPRISE).add(WORKER);
        user.put("externalId", workerId);
        user.put("userName", workerId.toLowerCase() + "@example.com");
        user.putObject("name").put("givenName", "Grace").put("familyName", "Hopper" + letters(workerId.substring(2)));
        user.put("title", "Engineer");
        user.putArray("emails").addObject().put("type", "work").put("value", workerId.toLowerCase() + "@example.com");
        user.putObject(ENTERPRISE).put("department", "Engineering");
        user.putObject(WORKER).put("workerType", "EMPLOYEE").put("location", "Dublin");
        return user;
    }

    private static io.restassured.response.Response bulk(String body) {
        return given().auth().oauth2(Stack.token("hris-publisher")).contentType(SCIM)
                .body(body.getBytes(StandardCharsets.UTF_8)).post(Stack.INGEST + "/scim/v2/Bulk");
    }

    /** Entra's sample bulk request, its workers' ids and userNames made unique to this run. */
    static ObjectNode entraSample(String suffix) throws IOException {
        try (InputStream in = ScimInboundIT.class.getResourceAsStream("/samples/scim/entra-bulk-request.json")) {
            ObjectNode sample = (ObjectNode) MAPPER.readTree(in);
            for (JsonNode operation : sample.get("Operations")) {
                ObjectNode data = (ObjectNode) operation.get("data");
                data.put("externalId", data.get("externalId").asText() + suffix);
                data.put("userName", suffix.toLowerCase() + "." + data.get("userName").asText());
                ObjectNode manager = (ObjectNode) data.get(ENTERPRISE).get("manager");
                if (manager.get("value").asText().startsWith("7019")) {
                    manager.put("value", manager.get("value").asText() + suffix);
                }
            }
            return sample;
        }
    }
}
