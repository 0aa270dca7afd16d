package io.provisioning.common.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class BackgroundLoopTest {

    private final AtomicInteger rounds = new AtomicInteger();
    private final AtomicInteger work = new AtomicInteger();
    /** Pauses an hour when idle: a round that follows soon can only have been woken. */
    private final BackgroundLoop loop = new BackgroundLoop("test-loop", () -> {
        rounds.incrementAndGet();
        return work.getAndSet(0);
    }, Duration.ofHours(1));

    @AfterEach
    void stop() {
        loop.stop();
    }

    @Test
    void aWakeEndsTheIdlePauseAndStartsARoundAtOnce() {
        loop.start();
        await().atMost(Duration.ofSeconds(5)).until(() -> rounds.get() == 1);

        work.set(3);
        loop.wake();

        await().atMost(Duration.ofSeconds(5)).until(() -> rounds.get() == 3);
        assertThat(work.get()).isZero();
    }
}
