package io.provisioning.ingest.scim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.provisioning.contracts.Json;
import io.provisioning.contracts.hr.WorkerType;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.time.LocalDate;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ScimUserMappingTest {

    private static final LocalDate TODAY = LocalDate.of(2026, 12, 7);

    private static ScimUserMapping mapping(Map<String, String> properties) {
        return new ScimUserMapping(new SmallRyeConfigBuilder()
                .withSources(new PropertiesConfigSource(properties, "test", 100)).build());
    }

    private static ObjectNode user(String json) throws Exception {
        return (ObjectNode) Json.mapper().readTree(json);
    }

    @Test
    void aConfiguredCustomExtensionIsReadWhenOurExtensionHasNoValue() throws Exception {
        ScimUserMapping mapping = mapping(Map.of("provisioning.ingest.scim.mapping.start-date",
                Scim.WORKER + ":startDate|urn:acme:hr:1.0:User:HireDate"));
        ObjectNode user = user("""
                {"externalId": "E1", "userType": "contractor", "urn:acme:hr:1.0:User": {"HireDate": "2025-03-01T08:00:00Z"}}""");
        ScimUserMapping.MappedUser mapped = mapping.map(user, null, TODAY);
        assertThat(mapped.worker().startDate()).isEqualTo(LocalDate.of(2025, 3, 1));
        assertThat(mapped.worker().workerType()).isEqualTo(WorkerType.CONTRACTOR);
        assertThat(mapped.active()).isTrue();
    }

    @Test
    void aNewWorkerWithoutAStartDateStartsTodayAndAKnownOneKeepsTheirs() throws Exception {
        ScimUserMapping mapping = mapping(Map.of());
        ObjectNode user = user("{\"externalId\": \"E1\"}");
        assertThat(mapping.map(user, null, TODAY).worker().startDate()).isEqualTo(TODAY);
        var known = mapping.map(user("{\"externalId\": \"E1\", \"urn:ietf:params:scim:schemas:extension:provisioning:2.0:Worker\":"
                + " {\"startDate\": \"2020-01-02\"}}"), null, TODAY).worker();
        assertThat(mapping.map(user, known, TODAY).worker().startDate()).isEqualTo(LocalDate.of(2020, 1, 2));
    }

    @Test
    void unreadableValuesNameTheirAttribute() throws Exception {
        ScimUserMapping mapping = mapping(Map.of());
        assertThatThrownBy(() -> mapping.map(user("{\"externalId\": \"E1\", \"userType\": \"Robot\"}"), null, TODAY))
                .isInstanceOfSatisfying(ScimException.class, e -> assertThat(e.getMessage()).startsWith("userType:"));
        assertThatThrownBy(() -> mapping.map(user("{\"externalId\": \"E1\", \"urn:ietf:params:scim:schemas:extension:"
                + "provisioning:2.0:Worker\": {\"endDate\": \"next year\"}}"), null, TODAY))
                .isInstanceOfSatisfying(ScimException.class, e -> assertThat(e.getMessage()).contains(":endDate"));
        assertThatThrownBy(() -> mapping.map(user("{\"externalId\": \"E1\", \"active\": \"maybe\"}"), null, TODAY))
                .isInstanceOf(ScimException.class);
    }

    @Test
    void aMappingThatIsNotAPathStopsTheServiceAtStart() {
        assertThatThrownBy(() -> mapping(Map.of("provisioning.ingest.scim.mapping.department", "dept[[")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("mapping.department");
    }
}
