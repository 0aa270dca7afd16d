package io.provisioning.connector.runtime;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Not ready once the producer that every worker publishes its outcomes and dead letters with has
 * stopped: no command could be settled, so none must look applied.
 */
@Readiness
@ApplicationScoped
public class OutcomeProducerHealth implements HealthCheck {

    @Inject
    RecordPublisher publisher;

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("outcome-producer").status(publisher.running()).build();
    }
}
