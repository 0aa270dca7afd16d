package io.provisioning.policy;

import static io.restassured.RestAssured.given;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.provisioning.contracts.Json;
import io.provisioning.contracts.Topics;
import io.provisioning.contracts.command.ProvisioningCommand;
import io.provisioning.testsupport.InJvmKafka;
import io.provisioning.testsupport.Roles;
import io.provisioning.testsupport.TestTokens;
import io.provisioning.testsupport.TopicProbe;
import io.restassured.path.json.JsonPath;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

/** Publishes HR events straight to hr.events and reads what policy-service made of them. */
final class HrStory {

    static final String OPERATOR = TestTokens.withRoles("alice", Roles.OPERATOR);
    private static final ObjectMapper MAPPER = Json.mapper();

    private HrStory() {
    }

    static String newWorker(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** Publishes an event; returns its id. */
    static String publish(String type, String workerId, Instant time, String data) {
        String id = UUID.randomUUID().toString();
        publishWithId(id, type, workerId, time, data);
        return id;
    }

    static void publishWithId(String id, String type, String workerId, Instant time, String data) {
        TopicProbe.publish(InJvmKafka.bootstrapServers(), Topics.HR_EVENTS, workerId, """
                {"specversion":"1.0","id":"%s","source":"urn:hris:test","type":"%s","subject":"%s","time":"%s",
                 "data":%s}""".formatted(id, type, workerId, time, data));
    }

    static String worker(String workerId, String given, String family, String type, String department,
                         LocalDate start, LocalDate end, String location) {
        return """
                {"workerId":"%s","givenName":"%s","familyName":"%s","workerType":"%s","department":"%s",
                 "jobTitle":"Specialist","startDate":"%s"%s%s}""".formatted(workerId, given, family, type, department,
                start, end == null ? "" : ",\"endDate\":\"" + end + "\"",
                location == null ? "" : ",\"location\":\"" + location + "\"");
    }

    static String dated(String workerId, LocalDate effective) {
        return "{\"workerId\":\"%s\",\"effectiveDate\":\"%s\"}".formatted(workerId, effective);
    }

    /** Every command issued for the worker in corp-ldap, by sequence. */
    static List<ProvisioningCommand> commands(String workerId) {
        return TopicProbe.readAll(InJvmKafka.bootstrapServers(), Topics.commands("corp-ldap")).stream()
                .filter(r -> workerId.equals(r.key()))
                .map(r -> read(r.value()))
                .sorted(Comparator.comparingLong(ProvisioningCommand::sequence))
                .toList();
    }

    static JsonPath identity(String workerId) {
        return given().auth().oauth2(OPERATOR).get("/api/v1/identities/" + workerId)
                .then().extract().jsonPath();
    }

    static int identityStatus(String workerId) {
        return given().auth().oauth2(OPERATOR).get("/api/v1/identities/" + workerId).statusCode();
    }

    private static ProvisioningCommand read(String json) {
        try {
            return MAPPER.readValue(json, ProvisioningCommand.class);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
