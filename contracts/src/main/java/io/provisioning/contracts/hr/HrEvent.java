package io.provisioning.contracts.hr;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import java.time.OffsetDateTime;

/**
 * A CloudEvents 1.0 envelope around one HR event, as published on {@code hr.events}.
 *
 * @param specversion     always {@code "1.0"}
 * @param id              unique per event; the idempotency key everywhere downstream
 * @param source          URI of the publishing HRIS, e.g. {@code urn:hris:workday}
 * @param type            never null
 * @param subject         the workerId; equals {@code data.workerId()}
 * @param time            when the HRIS recorded the change; orders events of one worker
 * @param datacontenttype optional, {@code application/json} when present
 * @param data            the record {@link HrEventType#dataType()} names; never null
 */
@JsonDeserialize(using = HrEventDeserializer.class)
public record HrEvent(
        String specversion,
        String id,
        String source,
        HrEventType type,
        String subject,
        OffsetDateTime time,
        String datacontenttype,
        HrEventData data) {

    public static final String SPEC_VERSION = "1.0";

    /** The worker this event is about. */
    public String workerId() {
        return data != null ? data.workerId() : subject;
    }
}
