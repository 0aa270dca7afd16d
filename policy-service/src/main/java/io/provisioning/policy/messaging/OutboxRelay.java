package io.provisioning.policy.messaging;

import io.provisioning.common.health.SchemaReady;
import io.provisioning.common.runtime.BackgroundLoop;
import io.provisioning.policy.store.OutboxWritten;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.ObservesAsync;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Relays the outbox to Kafka in id order, batch after batch, from one thread. Runs once the schema
 * is ready and until shutdown; a failed batch stays in the outbox and is sent again. It looks every
 * idle-wait, and at once when a transaction that wrote to the outbox commits here: a command is then
 * on its way without waiting for the next look. The rows it deletes are vacuumed away as it goes
 * ({@link OutboxVacuum}).
 */
@ApplicationScoped
public class OutboxRelay {

    @Inject
    OutboxBatch batch;

    @Inject
    OutboxVacuum vacuum;

    @ConfigProperty(name = "provisioning.policy.outbox.idle-wait", defaultValue = "PT0.05S")
    Duration idleWait;

    private BackgroundLoop loop;

    @PostConstruct
    void init() {
        loop = new BackgroundLoop("outbox-relay", () -> {
            int relayed = batch.relayOnce();
            vacuum.relayed(relayed);
            return relayed;
        }, idleWait);
    }

    void onSchemaReady(@ObservesAsync SchemaReady ready) {
        loop.start();
    }

    void onOutboxWritten(@Observes(during = TransactionPhase.AFTER_SUCCESS) OutboxWritten written) {
        loop.wake();
    }

    void onStop(@Observes ShutdownEvent event) {
        loop.stop();
    }
}
