package io.provisioning.policy.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import io.provisioning.contracts.hr.Worker;
import io.provisioning.contracts.hr.WorkerType;
import java.time.LocalDate;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WorkerFieldsTest {

    @Test
    void aWorkerWithEveryFieldSetOffersEveryFieldOfTheRecordToRulesAndTemplates() {
        Worker full = new Worker("W-1", "Ada", "Lovelace", "Ada L", "ada@example.com", WorkerType.CONTRACTOR, "IT",
                "Analyst", "J-7", "London", "CC-1", "W-0", "W-9", LocalDate.parse("2027-01-04"),
                LocalDate.parse("2027-12-31"));

        Map<String, String> fields = WorkerFields.of(full);

        assertThat(fields.keySet()).isEqualTo(WorkerFields.NAMES).hasSize(Worker.class.getRecordComponents().length);
        assertThat(fields).containsEntry("workerType", "CONTRACTOR").containsEntry("endDate", "2027-12-31");
    }

    @Test
    void absentAndEmptyFieldsAreMissing() {
        Worker sparse = new Worker("W-2", "Alan", "Turing", null, "", WorkerType.EMPLOYEE, "R&D", null, null, null,
                null, null, null, LocalDate.parse("2027-01-04"), null);

        assertThat(WorkerFields.of(sparse)).containsOnlyKeys("workerId", "givenName", "familyName", "workerType",
                "department", "startDate");
    }
}
