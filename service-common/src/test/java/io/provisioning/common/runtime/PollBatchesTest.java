package io.provisioning.common.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class PollBatchesTest {

    private static final Retry WHILE_UNAVAILABLE = Retry.whileUnavailable(Duration.ofMillis(1));
    private final List<String> alone = new ArrayList<>();

    @Test
    void itemsAppliedTogetherAreNotAppliedAgainOneByOne() throws InterruptedException {
        boolean together = PollBatches.togetherOrOneByOne(List.of("a", "b"), "2 items", WHILE_UNAVAILABLE, () -> {
        }, alone::add);

        assertThat(together).isTrue();
        assertThat(alone).isEmpty();
    }

    @Test
    void aFailureTogetherSendsEveryItemOneByOneInOrder() throws InterruptedException {
        boolean together = PollBatches.togetherOrOneByOne(List.of("a", "b", "c"), "3 items", WHILE_UNAVAILABLE, () -> {
            throw new IllegalArgumentException("b is refused");
        }, alone::add);

        assertThat(together).isFalse();
        assertThat(alone).containsExactly("a", "b", "c");
    }

    @Test
    void theDatabaseAwayIsWaitedOutTogetherRatherThanSplittingTheBatch() throws InterruptedException {
        AtomicInteger attempts = new AtomicInteger();

        boolean together = PollBatches.togetherOrOneByOne(List.of("a", "b"), "2 items", WHILE_UNAVAILABLE, () -> {
            if (attempts.incrementAndGet() < 4) {
                throw new IllegalStateException(new SQLTransientConnectionException("no connection"));
            }
        }, alone::add);

        assertThat(together).isTrue();
        assertThat(attempts).hasValue(4);
        assertThat(alone).isEmpty();
    }

    @Test
    void withoutRetryEvenThePassingFailureSplitsTheBatchAtOnce() throws InterruptedException {
        AtomicInteger attempts = new AtomicInteger();

        boolean together = PollBatches.togetherOrOneByOne(List.of("a"), "1 item", Retry.never(), () -> {
            attempts.incrementAndGet();
            throw new IllegalStateException(new SQLTransientConnectionException("no connection"));
        }, alone::add);

        assertThat(together).isFalse();
        assertThat(attempts).hasValue(1);
        assertThat(alone).containsExactly("a");
    }
}
