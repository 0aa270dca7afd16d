package io.provisioning.contracts.command;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * Kafka headers that travel beside the contracts' records: measurements, not business data, so
 * that a record's content (and what the audit trail hashes) does not depend on them.
 */
public final class Headers {

    /**
     * On a provisioning command: when hr-ingest accepted the HR event that caused it (the event's
     * record time on {@code hr.events}), in epoch milliseconds as decimal text. Absent on commands of
     * scheduled actions, reconciliation and policy changes. The start of the end-to-end latency a
     * connector reports in {@link ProvisioningOutcome#endToEndMillis()}.
     */
    public static final String ACCEPTED_AT = "provisioning-accepted-at";

    private Headers() {
    }

    /** The header's value for an instant, as text. */
    public static String value(Instant instant) {
        return Long.toString(instant.toEpochMilli());
    }

    /** The instant a header's value carries; null when it is absent or unreadable. */
    public static Instant instant(byte[] value) {
        if (value == null) {
            return null;
        }
        try {
            return Instant.ofEpochMilli(Long.parseLong(new String(value, StandardCharsets.US_ASCII)));
        } catch (NumberFormatException unreadable) {
            return null;
        }
    }
}
