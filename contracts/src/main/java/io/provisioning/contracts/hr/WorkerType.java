package io.provisioning.contracts.hr;

/** Kind of engagement; every kind but EMPLOYEE must carry an end date. */
public enum WorkerType {
    EMPLOYEE,
    CONTRACTOR,
    INTERN,
    VENDOR;

    /** Whether a worker of this type must have an endDate. */
    public boolean requiresEndDate() {
        return this != EMPLOYEE;
    }

    /** Whether a worker of this type must have a sponsorId. */
    public boolean requiresSponsor() {
        return this == VENDOR;
    }
}
