package io.provisioning.policy.messaging;

import io.provisioning.common.health.SchemaReady;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.ObservesAsync;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Relays the outbox to Kafka in id order, batch after batch, from one thread. Runs once the schema
 * is ready and until shutdown; a failed batch stays in the outbox and is sent again.
 */
@ApplicationScoped
public class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);

    @Inject
    OutboxBatch batch;

    @ConfigProperty(name = "provisioning.policy.outbox.idle-wait", defaultValue = "PT0.05S")
    Duration idleWait;

    private final AtomicBoolean running = new AtomicBoolean();

    void onSchemaReady(@ObservesAsync SchemaReady ready) {
        if (running.compareAndSet(false, true)) {
            Thread relay = new Thread(this::loop, "outbox-relay");
            relay.setDaemon(true);
            relay.start();
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        running.set(false);
    }

    private void loop() {
        while (running.get()) {
            try {
                if (batch.relayOnce() == 0) {
                    Thread.sleep(idleWait.toMillis());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                LOG.warnf("outbox relay failed (%s); retrying", e.getClass().getSimpleName());
                sleepQuietly(Duration.ofSeconds(1));
            }
        }
    }

    private static void sleepQuietly(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
