package io.provisioning.connector.reconciliation;

import io.provisioning.connector.runtime.Targets;
import io.provisioning.connector.runtime.TargetsReady;
import io.quarkus.scheduler.Scheduler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.ObservesAsync;
import jakarta.inject.Inject;
import java.time.Clock;
import org.jboss.logging.Logger;

/**
 * Scheduled reconciliations: {@code provisioning.targets.<id>.reconciliation-cron} (Quartz-style
 * cron, e.g. {@code 0 0 2 * * ?}) runs the target's reconciliation in its configured mode. Once
 * the targets are ready, runs a stopped service left RUNNING are marked FAILED first.
 */
@ApplicationScoped
public class ReconciliationSchedule {

    private static final Logger LOG = Logger.getLogger(ReconciliationSchedule.class);

    @Inject
    Scheduler scheduler;

    @Inject
    Targets targets;

    @Inject
    ReconciliationService reconciliations;

    @Inject
    ReconciliationStore store;

    @Inject
    DesiredSpool spool;

    @Inject
    Clock clock;

    void onTargetsReady(@ObservesAsync TargetsReady ready) {
        store.failInterrupted(clock.instant());
        spool.drop(null); // what runs that died left behind
        for (var status : targets.statuses()) {
            targets.configuration(status.targetId()).flatMap(c -> c.get("reconciliation-cron")).ifPresent(cron -> {
                scheduler.newJob("reconcile-" + status.targetId())
                        .setCron(cron)
                        .setTask(execution -> {
                            var start = reconciliations.start(status.targetId(), null, "scheduler");
                            if (start.refusal() != null) {
                                LOG.infof("target %s: scheduled reconciliation skipped (%s)", status.targetId(), start.refusal());
                            }
                        })
                        .schedule();
                LOG.infof("target %s: reconciliation scheduled (%s)", status.targetId(), cron);
            });
        }
    }
}
