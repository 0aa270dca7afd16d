package io.provisioning.connector.runtime;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff with jitter: the n-th wait is {@code initial · 2^(n-1)}, capped at
 * {@code max}, then drawn uniformly from its upper half so that workers retrying together spread
 * out instead of hitting the target in step.
 */
final class Backoff {

    private final Duration initial;
    private final Duration max;

    Backoff(Duration initial, Duration max) {
        this.initial = initial;
        this.max = max;
    }

    /** The wait after the given failed attempt (1 for the first). */
    Duration after(int attempt) {
        long ceiling = Math.min(max.toMillis(), initial.toMillis() << Math.min(attempt - 1, 20));
        long half = ceiling / 2;
        return Duration.ofMillis(half + ThreadLocalRandom.current().nextLong(ceiling - half + 1));
    }
}
