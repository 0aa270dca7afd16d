package io.provisioning.common.runtime;

import io.provisioning.common.problem.Unavailable;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Runs a step again until it succeeds, for as long as what fails it is passing (the database or
 * the broker away for a while), so that a consumer waits an outage out instead of skipping or
 * dead-lettering a message that was fine. Any other failure is thrown to the caller, at once or
 * after a given number of attempts, so that one bad message does not hold everything behind it.
 *
 * <p>The one way the services wait between attempts; a policy is immutable and may be shared.
 */
public final class Retry {

    private static final Logger LOG = Logger.getLogger(Retry.class);

    private final Duration pause;
    private final Predicate<Throwable> passing;
    private final int attemptsOnOtherFailures;

    private Retry(Duration pause, Predicate<Throwable> passing, int attemptsOnOtherFailures) {
        this.pause = Objects.requireNonNull(pause);
        this.passing = passing;
        this.attemptsOnOtherFailures = attemptsOnOtherFailures;
    }

    /**
     * Waits out the database's absence and failures of the same passing kind
     * ({@link Unavailable#worthWaitingOut}), pausing between attempts; any other failure is thrown
     * at once.
     */
    public static Retry whileUnavailable(Duration pause) {
        return new Retry(pause, Unavailable::worthWaitingOut, 1);
    }

    /** No retry: the step runs once, and its failure, whatever it is, is the caller's. */
    public static Retry never() {
        return new Retry(Duration.ZERO, failure -> false, 1);
    }

    /** Retries every failure, without limit: for a step that must not be given up (keeping a failure's record). */
    public static Retry untilDone(Duration pause) {
        return new Retry(pause, failure -> true, 1);
    }

    /** The same policy, also waiting out the failures {@code alsoPassing} accepts (e.g. a broker's retriable errors). */
    public Retry orWhile(Predicate<Throwable> alsoPassing) {
        return new Retry(pause, passing.or(alsoPassing), attemptsOnOtherFailures);
    }

    /** The same policy, trying a failure that is not passing {@code attempts} times in all before throwing it. */
    public Retry otherFailuresTried(int attempts) {
        if (attempts < 1) {
            throw new IllegalArgumentException("attempts must be at least 1");
        }
        return new Retry(pause, passing, attempts);
    }

    /**
     * Runs {@code step} until it returns.
     *
     * @param what what the step does, for the log ("store 12 record(s) from hr.events")
     * @throws RuntimeException     the step's failure that is not passing, once its attempts are used up
     * @throws InterruptedException if the thread is interrupted while it waits
     */
    public <T> T call(String what, Supplier<T> step) throws InterruptedException {
        for (int attempt = 1; ; attempt++) {
            try {
                return step.get();
            } catch (RuntimeException e) {
                if (!passing.test(e) && attempt >= attemptsOnOtherFailures) {
                    throw e;
                }
                LOG.warnf("cannot %s yet (%s); retrying in %s", what, e.getClass().getSimpleName(), pause);
                pause(pause);
            }
        }
    }

    /** {@link #call} for a step that returns nothing. */
    public void run(String what, Runnable step) throws InterruptedException {
        call(what, () -> {
            step.run();
            return null;
        });
    }

    /** Pauses the calling thread: the wait between two attempts. */
    public static void pause(Duration duration) throws InterruptedException {
        Thread.sleep(duration.toMillis());
    }
}
