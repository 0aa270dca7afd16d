package io.provisioning.ingest.snapshot;

import io.provisioning.common.problem.Problem.FieldError;
import io.provisioning.contracts.hr.Worker;
import java.util.List;
import java.util.Map;

/**
 * A snapshot read and validated in full.
 *
 * @param workers every worker by workerId, in input order; meaningful only without errors
 * @param errors  the first problems found (at most {@link SnapshotParser#MAX_ERRORS}); empty if valid
 * @param rows    how many worker rows the input held
 */
public record ParsedSnapshot(Map<String, Worker> workers, List<FieldError> errors, int rows) {

    public boolean valid() {
        return errors.isEmpty();
    }
}
