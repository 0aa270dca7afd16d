package io.provisioning.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import io.provisioning.contracts.hr.HrEvent;
import io.provisioning.contracts.hr.HrEventType;
import io.provisioning.contracts.hr.Termination;
import io.provisioning.contracts.hr.WorkerChange;
import org.junit.jupiter.api.Test;

/** An HR event reads the same whatever the order of its attributes. */
class HrEventReadingTest {

    private static final ObjectMapper MAPPER = Json.mapper();
    private static final String DATA = """
            {"workerId":"W-1","givenName":"Ada","familyName":"Lovelace","workerType":"EMPLOYEE",
             "department":"IT","startDate":"2027-01-04"}""";

    @Test
    void dataBeforeTypeReadsLikeTypeBeforeData() throws Exception {
        HrEvent typeFirst = MAPPER.readValue("""
                {"specversion":"1.0","id":"e-1","source":"urn:hris","type":"hr.worker.hired","subject":"W-1",
                 "time":"2027-01-01T09:00:00Z","data":%s}""".formatted(DATA), HrEvent.class);
        HrEvent dataFirst = MAPPER.readValue("""
                {"data":%s,"time":"2027-01-01T09:00:00Z","subject":"W-1","id":"e-1","type":"hr.worker.hired",
                 "source":"urn:hris","specversion":"1.0","extension":{"ignored":[1,2]}}""".formatted(DATA), HrEvent.class);
        assertThat(dataFirst).isEqualTo(typeFirst);
        assertThat(typeFirst.type()).isEqualTo(HrEventType.HIRED);
        assertThat(((WorkerChange) typeFirst.data()).worker().familyName()).isEqualTo("Lovelace");
    }

    @Test
    void anUpdatesWorkerFieldsAndEffectiveDateAreReadAndWrittenAsSiblings() throws Exception {
        String data = DATA.replace("}", ",\"managerId\":\"W-0\",\"effectiveDate\":\"2027-03-01\"}");
        HrEvent update = MAPPER.readValue("""
                {"specversion":"1.0","id":"e-3","source":"urn:hris","type":"hr.worker.updated","subject":"W-1",
                 "time":"2027-01-01T09:00:00Z","data":%s}""".formatted(data), HrEvent.class);

        WorkerChange change = (WorkerChange) update.data();
        assertThat(change.worker().managerId()).isEqualTo("W-0");
        assertThat(change.worker().startDate()).hasToString("2027-01-04");
        assertThat(change.effectiveDate()).hasToString("2027-03-01");
        assertThat(MAPPER.readTree(MAPPER.writeValueAsString(change))).isEqualTo(MAPPER.readTree(data));
        assertThat(MAPPER.readValue(MAPPER.writeValueAsString(update), HrEvent.class)).isEqualTo(update);
    }

    @Test
    void theTypeDecidesTheRecordOfTheData() throws Exception {
        HrEvent leaver = MAPPER.readValue("""
                {"specversion":"1.0","id":"e-2","source":"urn:hris","type":"hr.worker.terminated","subject":"W-1",
                 "time":"2027-01-01T09:00:00Z","data":{"workerId":"W-1","effectiveDate":"2027-02-01"}}""", HrEvent.class);
        assertThat(leaver.data()).isInstanceOf(Termination.class);
    }

    @Test
    void anUnknownTypeIsRefusedWhereverItStands() {
        assertThatThrownBy(() -> MAPPER.readValue("""
                {"data":{"workerId":"W-1"},"type":"hr.worker.promoted","id":"e-3"}""", HrEvent.class))
                .isInstanceOf(InvalidFormatException.class).hasMessageContaining("not an HR event type");
        assertThatThrownBy(() -> MAPPER.readValue("""
                {"type":"hr.worker.promoted","data":{"workerId":"W-1"},"id":"e-3"}""", HrEvent.class))
                .isInstanceOf(InvalidFormatException.class).hasMessageContaining("not an HR event type");
    }
}
