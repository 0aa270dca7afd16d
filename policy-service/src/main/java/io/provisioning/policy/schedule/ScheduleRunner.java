package io.provisioning.policy.schedule;

import io.micrometer.core.instrument.MeterRegistry;
import io.provisioning.common.health.SchemaReady;
import io.provisioning.common.runtime.BackgroundLoop;
import io.provisioning.policy.naming.TemplateException;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.ObservesAsync;
import jakarta.inject.Inject;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Runs effective-dated actions when they fall due: drains the due ones, then polls every interval. */
@ApplicationScoped
public class ScheduleRunner {

    private static final int MAX_PER_ROUND = 500;

    @Inject
    DueActions dueActions;

    @Inject
    MeterRegistry meters;

    @ConfigProperty(name = "provisioning.policy.schedule.interval", defaultValue = "PT1S")
    Duration interval;

    private BackgroundLoop loop;

    @PostConstruct
    void init() {
        loop = new BackgroundLoop("schedule-runner", this::drain, interval);
    }

    void onSchemaReady(@ObservesAsync SchemaReady ready) {
        loop.start();
    }

    void onStop(@Observes ShutdownEvent event) {
        loop.stop();
    }

    /** Runs due actions, one transaction each; returns how many ran. */
    int drain() {
        int ran = 0;
        while (ran < MAX_PER_ROUND) {
            try {
                if (dueActions.runOne() == null) {
                    return ran;
                }
                meters.counter("provisioning.policy.scheduled", "result", "done").increment();
            } catch (TemplateException | IllegalArgumentException e) {
                String id = dueActions.peekDue();
                if (id != null) {
                    dueActions.fail(id, e.getMessage());
                    meters.counter("provisioning.policy.scheduled", "result", "failed").increment();
                }
            }
            ran++;
        }
        return ran;
    }
}
