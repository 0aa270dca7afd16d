package io.provisioning.ingest.snapshot;

import io.provisioning.common.problem.Problem.FieldError;
import java.util.List;

/**
 * What reading a snapshot found; its valid rows went to the parser's sink.
 *
 * @param errors the first problems found (at most {@link SnapshotParser#MAX_ERRORS}); empty if valid
 * @param rows   how many worker rows the input held
 */
public record ParsedSnapshot(List<FieldError> errors, int rows) {

    public boolean valid() {
        return errors.isEmpty();
    }
}
