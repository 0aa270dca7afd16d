package io.provisioning.common.time;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/**
 * UTC system time plus an offset that only grows until it is reset: a demo or a system test moves a
 * running service's time forward (to a start date, past a grace period) instead of waiting for it,
 * and puts it back to the system clock when it is done.
 */
public final class ShiftableClock extends Clock {

    private final Clock base;
    private final AtomicReference<Duration> offset;

    public ShiftableClock(Clock base, Duration initialOffset) {
        this.base = base;
        this.offset = new AtomicReference<>(initialOffset);
    }

    /**
     * Moves time forward.
     *
     * @throws IllegalArgumentException if the duration is negative: time never goes back
     */
    public Instant advance(Duration by) {
        if (by.isNegative()) {
            throw new IllegalArgumentException("time only moves forward");
        }
        offset.accumulateAndGet(by, Duration::plus);
        return instant();
    }

    /** Back to the system clock: what was scheduled meanwhile stays due at the instant it was given. */
    public Instant reset() {
        offset.set(Duration.ZERO);
        return instant();
    }

    public Duration offset() {
        return offset.get();
    }

    @Override
    public Instant instant() {
        return base.instant().plus(offset.get());
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return Clock.offset(base.withZone(zone), offset.get());
    }
}
