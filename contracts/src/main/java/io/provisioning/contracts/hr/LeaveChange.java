package io.provisioning.contracts.hr;

import java.time.LocalDate;

/** Data of {@code hr.worker.leave-started} and {@code hr.worker.leave-ended}. */
public record LeaveChange(String workerId, LocalDate effectiveDate) implements HrEventData {
}
