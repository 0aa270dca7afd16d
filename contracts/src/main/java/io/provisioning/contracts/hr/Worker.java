package io.provisioning.contracts.hr;

import java.time.LocalDate;

/**
 * One worker as the HRIS describes them (docs/api.md "Worker record"). CSV snapshots use the same
 * names as header columns.
 *
 * @param workerId      the HR identifier, 1-64 of {@code [A-Za-z0-9._-]}; never null
 * @param givenName     never null
 * @param familyName    never null
 * @param preferredName optional
 * @param email         optional work email assigned by HR
 * @param workerType    never null
 * @param department    never null
 * @param managerId     optional workerId of the manager
 * @param sponsorId     workerId of the sponsor, required for {@link WorkerType#VENDOR}
 * @param startDate     never null
 * @param endDate       required unless {@link WorkerType#EMPLOYEE}; never before startDate
 */
public record Worker(
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
        LocalDate endDate) {
}
