package io.provisioning.contracts.hr;

import java.time.LocalDate;

/**
 * Data of {@code hr.worker.terminated}: the worker leaves at effectiveDate (at once if it is in the
 * past).
 *
 * @param reason optional free text from the HRIS
 */
public record Termination(String workerId, LocalDate effectiveDate, String reason) implements HrEventData {
}
