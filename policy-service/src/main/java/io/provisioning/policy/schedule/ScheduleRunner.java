package io.provisioning.policy.schedule;

import io.micrometer.core.instrument.MeterRegistry;
import io.provisioning.common.health.SchemaReady;
import io.provisioning.policy.naming.TemplateException;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.ObservesAsync;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/** Runs effective-dated actions when they fall due: polls the schedule every interval. */
@ApplicationScoped
public class ScheduleRunner {

    private static final Logger LOG = Logger.getLogger(ScheduleRunner.class);

    @Inject
    DueActions dueActions;

    @Inject
    MeterRegistry meters;

    @ConfigProperty(name = "provisioning.policy.schedule.interval", defaultValue = "PT1S")
    Duration interval;

    private final AtomicBoolean running = new AtomicBoolean();

    void onSchemaReady(@ObservesAsync SchemaReady ready) {
        if (running.compareAndSet(false, true)) {
            Thread runner = new Thread(this::loop, "schedule-runner");
            runner.setDaemon(true);
            runner.start();
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        running.set(false);
    }

    private void loop() {
        while (running.get()) {
            try {
                drain();
                Thread.sleep(interval.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                LOG.warnf("schedule runner failed (%s); retrying", e.getClass().getSimpleName());
            }
        }
    }

    /** Runs every due action, one transaction each. */
    void drain() {
        while (running.get()) {
            try {
                if (dueActions.runOne() == null) {
                    return;
                }
                meters.counter("provisioning.policy.scheduled", "result", "done").increment();
            } catch (TemplateException | IllegalArgumentException e) {
                String id = dueActions.peekDue();
                if (id != null) {
                    dueActions.fail(id, e.getMessage());
                    meters.counter("provisioning.policy.scheduled", "result", "failed").increment();
                }
            }
        }
    }
}
