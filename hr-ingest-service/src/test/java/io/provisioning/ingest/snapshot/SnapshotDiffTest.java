package io.provisioning.ingest.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import io.provisioning.contracts.hr.HrEventType;
import io.provisioning.contracts.hr.Termination;
import io.provisioning.contracts.hr.Worker;
import io.provisioning.contracts.hr.WorkerType;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SnapshotDiffTest {

    private static final LocalDate TODAY = LocalDate.of(2026, 11, 26);

    private static Worker worker(String id, String department) {
        return new Worker(id, "Ann", "Lee", null, null, WorkerType.EMPLOYEE, department, null, null, null, null,
                null, null, LocalDate.of(2026, 1, 1), null);
    }

    private static Map<String, Worker> current(Worker... workers) {
        Map<String, Worker> map = new LinkedHashMap<>();
        for (Worker w : workers) {
            map.put(w.workerId(), w);
        }
        return map;
    }

    @Test
    void newChangedMissingAndReturningWorkersBecomeTheirEvents() {
        Map<String, KnownWorker> previous = Map.of(
                "same", new KnownWorker(SnapshotDiff.canonical(worker("same", "Sales")), true),
                "mover", new KnownWorker(SnapshotDiff.canonical(worker("mover", "Sales")), true),
                "leaver", new KnownWorker(SnapshotDiff.canonical(worker("leaver", "Sales")), true),
                "returning", new KnownWorker(SnapshotDiff.canonical(worker("returning", "Sales")), false));

        SnapshotDiff.Result diff = SnapshotDiff.diff(current(worker("same", "Sales"), worker("mover", "Finance"),
                worker("joiner", "Sales"), worker("returning", "Sales")), previous, TODAY, "s1");

        assertThat(diff.changes()).extracting(SnapshotDiff.Change::workerId, SnapshotDiff.Change::type)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("mover", HrEventType.UPDATED),
                        org.assertj.core.groups.Tuple.tuple("joiner", HrEventType.HIRED),
                        org.assertj.core.groups.Tuple.tuple("returning", HrEventType.REHIRED),
                        org.assertj.core.groups.Tuple.tuple("leaver", HrEventType.TERMINATED));
        assertThat(diff.unchanged()).isEqualTo(1);
        assertThat(diff.previousWorkforce()).isEqualTo(3);
        Termination termination = (Termination) diff.changes().stream()
                .filter(c -> c.type() == HrEventType.TERMINATED).findFirst().orElseThrow().data();
        assertThat(termination.effectiveDate()).isEqualTo(TODAY);
    }

    @Test
    void terminationsAboveTheShareOfThePreviousWorkforceExceedTheThreshold() {
        Map<String, KnownWorker> previous = new LinkedHashMap<>();
        for (int i = 0; i < 10; i++) {
            previous.put("w" + i, new KnownWorker(SnapshotDiff.canonical(worker("w" + i, "Sales")), true));
        }
        Map<String, Worker> nineLeft = new LinkedHashMap<>();
        Map<String, Worker> eightLeft = new LinkedHashMap<>();
        for (int i = 0; i < 9; i++) {
            nineLeft.put("w" + i, worker("w" + i, "Sales"));
            if (i < 8) {
                eightLeft.put("w" + i, worker("w" + i, "Sales"));
            }
        }

        assertThat(SnapshotDiff.diff(nineLeft, previous, TODAY, "s").exceeds(0.10)).isFalse();
        assertThat(SnapshotDiff.diff(eightLeft, previous, TODAY, "s").exceeds(0.10)).isTrue();
    }

    @Test
    void aFirstSnapshotIsNeverHeld() {
        SnapshotDiff.Result diff = SnapshotDiff.diff(current(worker("a", "Sales")), Map.of(), TODAY, "s");

        assertThat(diff.hired()).isEqualTo(1);
        assertThat(diff.exceeds(0.0)).isFalse();
    }
}
