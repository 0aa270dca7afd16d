package io.provisioning.policy.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The default threshold: 5 % of the active identities or 500, whichever is reached first. */
class TerminationBurstThresholdTest {

    private final TerminationBurstGuard guard = new TerminationBurstGuard();

    TerminationBurstThresholdTest() {
        guard.maxShare = 0.05;
        guard.maxCount = 500;
    }

    @Test
    void aSmallWorkforceIsGuardedByItsShare() {
        assertThat(guard.threshold(1_000)).isEqualTo(50);
        assertThat(guard.threshold(60)).isEqualTo(3);
        assertThat(guard.threshold(1)).isEqualTo(1);
        assertThat(guard.threshold(0)).isZero();
    }

    @Test
    void aLargeWorkforceIsGuardedByTheCount() {
        assertThat(guard.threshold(10_000)).isEqualTo(500);
        assertThat(guard.threshold(330_000)).isEqualTo(500);
    }
}
