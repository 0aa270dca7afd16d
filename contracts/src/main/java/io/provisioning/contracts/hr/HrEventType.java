package io.provisioning.contracts.hr;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Optional;

/** The CloudEvent {@code type} values of HR events and the data record each one carries. */
public enum HrEventType {
    HIRED("hr.worker.hired", WorkerChange.class),
    UPDATED("hr.worker.updated", WorkerChange.class),
    TERMINATED("hr.worker.terminated", Termination.class),
    REHIRED("hr.worker.rehired", WorkerChange.class),
    LEAVE_STARTED("hr.worker.leave-started", LeaveChange.class),
    LEAVE_ENDED("hr.worker.leave-ended", LeaveChange.class);

    private final String wireName;
    private final Class<? extends HrEventData> dataType;

    HrEventType(String wireName, Class<? extends HrEventData> dataType) {
        this.wireName = wireName;
        this.dataType = dataType;
    }

    /** The name used in the CloudEvent {@code type} attribute. */
    @JsonValue
    public String wireName() {
        return wireName;
    }

    /** The record class of this type's {@code data}. */
    public Class<? extends HrEventData> dataType() {
        return dataType;
    }

    /** The type with that wire name, if any. */
    public static Optional<HrEventType> fromWireName(String name) {
        return Arrays.stream(values()).filter(t -> t.wireName.equals(name)).findFirst();
    }

    /**
     * Jackson entry point.
     *
     * @throws IllegalArgumentException if the name is not an HR event type
     */
    @JsonCreator
    public static HrEventType of(String name) {
        return fromWireName(name).orElseThrow(() -> new IllegalArgumentException("unknown HR event type: " + name));
    }
}
