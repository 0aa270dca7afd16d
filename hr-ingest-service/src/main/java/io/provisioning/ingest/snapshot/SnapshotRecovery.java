package io.provisioning.ingest.snapshot;

import io.provisioning.common.health.SchemaReady;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.ObservesAsync;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

/** Once the database is reachable after a start, finishes snapshots a crash left half-published. */
@ApplicationScoped
public class SnapshotRecovery {

    private static final Logger LOG = Logger.getLogger(SnapshotRecovery.class);

    @Inject
    SnapshotService snapshots;

    void onSchemaReady(@ObservesAsync SchemaReady ready) {
        try {
            snapshots.resumePublishing();
        } catch (RuntimeException e) {
            LOG.errorf("could not resume half-published snapshots (%s); they are resumed at the next start",
                    e.getClass().getSimpleName());
        }
    }
}
