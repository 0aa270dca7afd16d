package io.provisioning.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.provisioning.contracts.validation.PayloadValidator;
import io.provisioning.contracts.validation.Violation;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

class HrEventValidationTest {

    private static final PayloadValidator VALIDATOR = new PayloadValidator();

    private static ObjectNode sample(String name) throws IOException {
        return (ObjectNode) HrEventSamplesTest.read("hr/" + name);
    }

    private static List<String> pointers(ObjectNode event) {
        return VALIDATOR.validateHrEvent(event).stream().map(Violation::pointer).toList();
    }

    @Test
    void contractorWithoutEndDateIsRejectedAtTheEndDate() throws IOException {
        ObjectNode event = sample("hired-contractor.json");
        ((ObjectNode) event.get("data")).remove("endDate");

        assertThat(VALIDATOR.validateHrEvent(event))
                .containsExactly(new Violation("/data/endDate", "is required"));
    }

    @Test
    void vendorWithoutSponsorIsRejected() throws IOException {
        ObjectNode event = sample("hired-vendor.json");
        ((ObjectNode) event.get("data")).remove("sponsorId");

        assertThat(pointers(event)).containsExactly("/data/sponsorId");
    }

    @Test
    void endDateBeforeStartDateIsRejected() throws IOException {
        ObjectNode event = sample("hired-contractor.json");
        ((ObjectNode) event.get("data")).put("endDate", "2026-11-01");

        assertThat(VALIDATOR.validateHrEvent(event))
                .containsExactly(new Violation("/data/endDate", "must not be before startDate"));
    }

    @Test
    void subjectThatDiffersFromWorkerIdIsRejected() throws IOException {
        ObjectNode event = sample("terminated.json");
        event.put("subject", "E99999");

        assertThat(pointers(event)).containsExactly("/subject");
    }

    @Test
    void aPublisherCannotPoseAsAWorkforceSnapshot() throws IOException {
        ObjectNode event = sample("terminated.json");
        event.put("source", "urn:hr-snapshot:workday");
        event.put("id", "snapshot:5f0c6f4e-0000-4000-8000-000000000000:E12345");

        assertThat(VALIDATOR.validateHrEvent(event)).extracting(Violation::pointer).containsExactly("/id", "/source");
        assertThat(VALIDATOR.validateHrEvent(event)).allSatisfy(v ->
                assertThat(v.message()).contains("reserved for workforce snapshots"));
    }

    @Test
    void unknownTypeAndBadSpecVersionAreBothReported() throws IOException {
        ObjectNode event = sample("leave-ended.json");
        event.put("type", "hr.worker.promoted");
        event.put("specversion", "0.3");

        assertThat(pointers(event)).contains("/specversion", "/type");
    }

    @Test
    void impossibleDatesAndMalformedTimesAreRejected() throws IOException {
        ObjectNode event = sample("hired-employee.json");
        ((ObjectNode) event.get("data")).put("startDate", "2026-02-30");
        event.put("time", "yesterday");

        assertThat(pointers(event)).contains("/data/startDate", "/time");
    }

    @Test
    void injectionCharactersInIdentifiersAreRejected() throws IOException {
        ObjectNode event = sample("hired-employee.json");
        event.put("subject", "*)(uid=*");
        ((ObjectNode) event.get("data")).put("workerId", "*)(uid=*");
        ((ObjectNode) event.get("data")).put("givenName", "Robert'); DROP TABLE--");

        assertThat(pointers(event)).contains("/subject", "/data/workerId", "/data/givenName");
    }

    @Test
    void unicodeLettersInNamesAreAccepted() throws IOException {
        ObjectNode event = sample("hired-employee.json");
        ((ObjectNode) event.get("data")).put("givenName", "Łukasz-Jürgen");
        ((ObjectNode) event.get("data")).put("familyName", "D'Ángelo 山田");

        assertThat(pointers(event)).isEmpty();
    }

    @Test
    void unknownFieldsAreIgnored() throws IOException {
        ObjectNode event = sample("hired-employee.json");
        event.put("traceparent", "00-abc-def-01");
        ((ObjectNode) event.get("data")).put("shoeSize", 44);

        assertThat(pointers(event)).isEmpty();
    }

    @Test
    void namesOverOneHundredCharactersAreRejected() throws IOException {
        ObjectNode event = sample("hired-employee.json");
        ((ObjectNode) event.get("data")).put("familyName", "a".repeat(101));

        assertThat(pointers(event)).containsExactly("/data/familyName");
    }
}
