package io.provisioning.connector.runtime;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * The circuit of one target. After {@code threshold} attempts in a row that could not reach the
 * target it opens: for {@code openFor} no attempt is made (commands wait, they do not use up their
 * attempts), then one trial attempt is let through (half-open); success closes it, failure opens
 * it again. Failures that are the command's fault (bad values) do not count.
 */
final class CircuitBreaker {

    enum State { CLOSED, OPEN, HALF_OPEN }

    private final int threshold;
    private final Duration openFor;
    private final Clock clock;
    private State state = State.CLOSED;
    private int failuresInARow;
    private Instant openUntil = Instant.MIN;

    CircuitBreaker(int threshold, Duration openFor, Clock clock) {
        this.threshold = threshold;
        this.openFor = openFor;
        this.clock = clock;
    }

    /** How long to wait before the next attempt may be made; zero when it may be made now. */
    synchronized Duration waitBeforeAttempt() {
        if (state != State.OPEN) {
            return Duration.ZERO;
        }
        Duration left = Duration.between(clock.instant(), openUntil);
        if (left.isNegative() || left.isZero()) {
            state = State.HALF_OPEN;
            return Duration.ZERO;
        }
        return left;
    }

    synchronized void succeeded() {
        state = State.CLOSED;
        failuresInARow = 0;
    }

    synchronized void failedToReach() {
        failuresInARow++;
        if (state == State.HALF_OPEN || failuresInARow >= threshold) {
            state = State.OPEN;
            openUntil = clock.instant().plus(openFor);
        }
    }

    synchronized State state() {
        if (state == State.OPEN && !clock.instant().isBefore(openUntil)) {
            return State.HALF_OPEN;
        }
        return state;
    }
}
