package io.provisioning.policy.store;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;

/** Instants to and from what native queries take and give back (the driver's type depends on the column). */
public final class SqlTimes {

    private SqlTimes() {
    }

    public static Timestamp timestamp(Instant instant) {
        return Timestamp.from(instant);
    }

    /** A {@code timestamptz} column's value as an instant; null stays null. */
    public static Instant instant(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof Timestamp timestamp) {
            return timestamp.toInstant();
        }
        if (value instanceof Instant instant) {
            return instant;
        }
        if (value instanceof OffsetDateTime offset) {
            return offset.toInstant();
        }
        throw new IllegalStateException("not a time: " + value.getClass());
    }
}
