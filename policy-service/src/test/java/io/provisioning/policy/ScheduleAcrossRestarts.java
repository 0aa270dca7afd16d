package io.provisioning.policy;

import static io.provisioning.policy.HrStory.commands;
import static io.provisioning.policy.HrStory.identity;
import static io.provisioning.policy.HrStory.identityStatus;
import static io.provisioning.policy.HrStory.publish;
import static io.provisioning.policy.HrStory.worker;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * A future hire scheduled by one application start and run by another: the schedule is in
 * PostgreSQL, so a restart neither loses nor doubles the action. Called from two test classes
 * that Quarkus starts separately; whichever runs first schedules, the other runs it.
 */
final class ScheduleAcrossRestarts {

    static final String WORKER = "RESTART-SCHEDULED-1";
    static final LocalDate START = LocalDate.of(2031, 1, 6);

    private ScheduleAcrossRestarts() {
    }

    static void scheduleOrRun(MutableClock clock) {
        if (identityStatus(WORKER) == 404) {
            publish("hr.worker.hired", WORKER, clock.instant(),
                    worker(WORKER, "Rey", "Restart", "EMPLOYEE", "Sales", START, null, null));
            await().atMost(Duration.ofSeconds(20)).until(() -> identityStatus(WORKER) == 200
                    && identity(WORKER).getList("scheduled.action").contains("ACTIVATE"));
            assertThat(commands(WORKER)).isEmpty();
            return;
        }
        assertThat(identity(WORKER).getString("lifecycle")).isEqualTo("PRE_HIRE");
        assertThat(identity(WORKER).getList("scheduled.action")).contains("ACTIVATE");

        clock.moveTo(START.atStartOfDay(ZoneOffset.UTC).toInstant().plusSeconds(1));

        await().atMost(Duration.ofSeconds(20)).until(() -> commands(WORKER).size() == 1);
        await().during(Duration.ofMillis(800)).atMost(Duration.ofSeconds(20)).until(() -> commands(WORKER).size() == 1);
        assertThat(identity(WORKER).getString("lifecycle")).isEqualTo("ACTIVE");
    }
}
