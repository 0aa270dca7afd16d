package io.provisioning.contracts.hr;

/** The {@code data} of an HR event; which record it is follows from the event type. */
public sealed interface HrEventData permits WorkerChange, Termination, LeaveChange {

    /** The worker the event is about; equals the CloudEvent subject. Never null in a valid event. */
    String workerId();
}
