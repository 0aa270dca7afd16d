package io.provisioning.connector.runtime;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Not ready while the worker of any target has died: a service whose worker is gone must not look
 * healthy while one target's commands wait unseen. (A fatal error also ends the process; this covers
 * a worker that ends in any other way.)
 */
@Readiness
@ApplicationScoped
public class TargetWorkersHealth implements HealthCheck {

    @Inject
    Targets targets;

    @Override
    public HealthCheckResponse call() {
        List<String> dead = targets.deadWorkers();
        return HealthCheckResponse.named("target-workers").status(dead.isEmpty())
                .withData("stopped", String.join(",", dead)).build();
    }
}
