package io.provisioning.ingest.snapshot;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.provisioning.contracts.Json;
import io.provisioning.contracts.hr.HrEventData;
import io.provisioning.contracts.hr.HrEventType;
import io.provisioning.contracts.hr.Termination;
import io.provisioning.contracts.hr.Worker;
import io.provisioning.contracts.hr.WorkerChange;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What a snapshot implies against the source's previous state: workers never seen are hired,
 * workers seen and terminated before are rehired, changed records are updates, and workers no
 * longer listed are terminated effective today.
 */
public final class SnapshotDiff {

    private static final ObjectMapper MAPPER = Json.mapper();

    private SnapshotDiff() {
    }

    /** One implied HR event. */
    public record Change(HrEventType type, String workerId, HrEventData data, String record) {
    }

    /**
     * @param previousWorkforce workers present in the source's previous state
     */
    public record Result(List<Change> changes, int hired, int rehired, int updated, int terminated, int unchanged,
                         int previousWorkforce) {

        /** Whether the terminations exceed the share of the previous workforce. */
        public boolean exceeds(double terminationThreshold) {
            return previousWorkforce > 0 && terminated > terminationThreshold * previousWorkforce;
        }
    }

    public static Result diff(Map<String, Worker> current, Map<String, KnownWorker> previous, LocalDate today,
                              String snapshotId) {
        List<Change> changes = new ArrayList<>();
        int hired = 0;
        int rehired = 0;
        int updated = 0;
        int unchanged = 0;
        for (Worker worker : current.values()) {
            String record = canonical(worker);
            KnownWorker known = previous.get(worker.workerId());
            if (known == null) {
                changes.add(new Change(HrEventType.HIRED, worker.workerId(), WorkerChange.of(worker, null), record));
                hired++;
            } else if (!known.present()) {
                changes.add(new Change(HrEventType.REHIRED, worker.workerId(), WorkerChange.of(worker, null), record));
                rehired++;
            } else if (!known.record().equals(record)) {
                changes.add(new Change(HrEventType.UPDATED, worker.workerId(), WorkerChange.of(worker, null), record));
                updated++;
            } else {
                unchanged++;
            }
        }
        int terminated = 0;
        int previousWorkforce = 0;
        for (Map.Entry<String, KnownWorker> entry : previous.entrySet()) {
            if (!entry.getValue().present()) {
                continue;
            }
            previousWorkforce++;
            if (!current.containsKey(entry.getKey())) {
                changes.add(new Change(HrEventType.TERMINATED, entry.getKey(),
                        new Termination(entry.getKey(), today, "absent from snapshot " + snapshotId), null));
                terminated++;
            }
        }
        return new Result(changes, hired, rehired, updated, terminated, unchanged, previousWorkforce);
    }

    /** The worker record as compared and stored: the record's own field order, absent fields omitted. */
    public static String canonical(Worker worker) {
        try {
            return MAPPER.writeValueAsString(worker);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a worker record is always writable", e);
        }
    }
}
