package io.provisioning.common.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RetryTest {

    private static final Duration PAUSE = Duration.ofMillis(1);
    private final AtomicInteger attempts = new AtomicInteger();

    /** Fails the first {@code failures} attempts with {@code failure}, then answers the attempt's number. */
    private int failingFirst(int failures, RuntimeException failure) {
        int attempt = attempts.incrementAndGet();
        if (attempt <= failures) {
            throw failure;
        }
        return attempt;
    }

    private static RuntimeException databaseAway() {
        return new IllegalStateException("pool", new SQLTransientConnectionException("acquisition timeout"));
    }

    @Test
    void theDatabaseAwayIsWaitedOutHoweverLongItTakes() throws InterruptedException {
        int answer = Retry.whileUnavailable(PAUSE).call("store", () -> failingFirst(25, databaseAway()));

        assertThat(answer).isEqualTo(26);
    }

    @Test
    void aFailureThatWaitingCannotCureIsThrownAtOnce() {
        IllegalArgumentException refused = new IllegalArgumentException("not a worker");

        assertThatThrownBy(() -> Retry.whileUnavailable(PAUSE).call("apply", () -> failingFirst(5, refused)))
                .isSameAs(refused);
        assertThat(attempts).hasValue(1);
    }

    @Test
    void otherFailuresAreTriedTheGivenNumberOfTimesInAllBeforeTheyAreThrown() {
        IllegalStateException defect = new IllegalStateException("defect");

        assertThatThrownBy(() -> Retry.whileUnavailable(PAUSE).otherFailuresTried(3)
                .call("apply", () -> failingFirst(10, defect))).isSameAs(defect);
        assertThat(attempts).hasValue(3);
    }

    @Test
    void anOtherFailureThatPassesWithinItsAttemptsIsNotThrown() throws InterruptedException {
        assertThat(Retry.whileUnavailable(PAUSE).otherFailuresTried(3)
                .call("apply", () -> failingFirst(2, new IllegalStateException("once")))).isEqualTo(3);
    }

    @Test
    void passingFailuresDoNotUseUpTheAttemptsOfOtherFailures() throws InterruptedException {
        AtomicInteger calls = new AtomicInteger();
        int answer = Retry.whileUnavailable(PAUSE).otherFailuresTried(2).call("apply", () -> {
            int call = calls.incrementAndGet();
            if (call <= 10) {
                throw databaseAway();
            }
            return call;
        });

        assertThat(answer).isEqualTo(11);
    }

    @Test
    void orWhileWaitsOutWhatItAcceptsToo() throws InterruptedException {
        class BrokerAway extends RuntimeException {
        }

        int answer = Retry.whileUnavailable(PAUSE).orWhile(e -> e instanceof BrokerAway)
                .call("forward", () -> failingFirst(4, new BrokerAway()));

        assertThat(answer).isEqualTo(5);
    }

    @Test
    void untilDoneRetriesAnyFailure() throws InterruptedException {
        Retry.untilDone(PAUSE).run("keep", () -> failingFirst(7, new IllegalArgumentException("refused")));

        assertThat(attempts).hasValue(8);
    }

    @Test
    void anInterruptedWaitEndsTheRetries() {
        Thread.currentThread().interrupt();

        assertThatThrownBy(() -> Retry.whileUnavailable(Duration.ofSeconds(30)).call("store",
                () -> failingFirst(1, databaseAway()))).isInstanceOf(InterruptedException.class);
        assertThat(attempts).hasValue(1);
    }

    @Test
    void aPolicyNeedsAtLeastOneAttempt() {
        assertThatThrownBy(() -> Retry.whileUnavailable(PAUSE).otherFailuresTried(0))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
