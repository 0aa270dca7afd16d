package io.provisioning.contracts.hr;

import java.time.LocalDate;

/**
 * Data of {@code hr.worker.hired}, {@code hr.worker.updated} and {@code hr.worker.rehired}: the
 * full worker record and, for updates, the date from which it holds.
 *
 * @param effectiveDate optional; when absent a hire or rehire takes effect at startDate and an
 *                      update at once
 */
public record WorkerChange(
        String workerId,
        String givenName,
        String familyName,
        String preferredName,
        String email,
        WorkerType workerType,
        String department,
        String jobTitle,
        String jobCode,
        String location,
        String costCenter,
        String managerId,
        String sponsorId,
        LocalDate startDate,
        LocalDate endDate,
        LocalDate effectiveDate) implements HrEventData {

    /** The worker record carried by this change. */
    public Worker worker() {
        return new Worker(workerId, givenName, familyName, preferredName, email, workerType, department,
                jobTitle, jobCode, location, costCenter, managerId, sponsorId, startDate, endDate);
    }

    /** A change carrying that worker record. */
    public static WorkerChange of(Worker w, LocalDate effectiveDate) {
        return new WorkerChange(w.workerId(), w.givenName(), w.familyName(), w.preferredName(), w.email(),
                w.workerType(), w.department(), w.jobTitle(), w.jobCode(), w.location(), w.costCenter(),
                w.managerId(), w.sponsorId(), w.startDate(), w.endDate(), effectiveDate);
    }
}
