package io.provisioning.contracts.hr;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import java.time.LocalDate;

/**
 * Data of {@code hr.worker.hired}, {@code hr.worker.updated} and {@code hr.worker.rehired}: the
 * full worker record and, for updates, the date from which it holds. On the wire the worker's
 * fields and {@code effectiveDate} are siblings in one object.
 *
 * @param worker        the worker record; never null for an event that was read
 * @param effectiveDate optional; when absent a hire or rehire takes effect at startDate and an
 *                      update at once
 */
public record WorkerChange(@JsonUnwrapped Worker worker, LocalDate effectiveDate) implements HrEventData {

    /** The worker's id (not a property of its own: the worker record's {@code workerId} is the one on the wire). */
    @Override
    public String workerId() {
        return worker == null ? null : worker.workerId();
    }

    /** A change carrying that worker record. */
    public static WorkerChange of(Worker worker, LocalDate effectiveDate) {
        return new WorkerChange(worker, effectiveDate);
    }
}
