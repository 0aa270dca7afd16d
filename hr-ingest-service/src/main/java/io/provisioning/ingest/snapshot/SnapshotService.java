package io.provisioning.ingest.snapshot;

import io.micrometer.core.instrument.MeterRegistry;
import io.provisioning.common.problem.Problem;
import io.provisioning.common.problem.ProblemException;
import io.provisioning.contracts.hr.HrEvent;
import io.provisioning.contracts.validation.PayloadValidator;
import io.provisioning.contracts.policy.SnapshotDecision;
import io.provisioning.ingest.messaging.HrEventPublisher;
import io.provisioning.ingest.messaging.HrEventPublisher.Keyed;
import io.provisioning.ingest.messaging.PolicyChangePublisher;
import io.provisioning.ingest.snapshot.SnapshotStore.StoredEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Turns a validated snapshot into hired / rehired / updated / terminated events. The snapshot and
 * its events are stored first, then published, then made the source's state: a crash in between
 * leaves it PUBLISHING, and it is published again (same event ids) when the service is back.
 * Snapshots of one source are handled one at a time.
 */
@ApplicationScoped
public class SnapshotService {

    private static final Logger LOG = Logger.getLogger(SnapshotService.class);

    @Inject
    SnapshotStore store;

    @Inject
    HrEventPublisher events;

    @Inject
    PolicyChangePublisher decisions;

    @Inject
    MeterRegistry meters;

    @Inject
    Clock clock;

    @ConfigProperty(name = "provisioning.ingest.snapshot.termination-threshold", defaultValue = "0.10")
    double terminationThreshold;

    private final Map<String, Object> sourceLocks = new ConcurrentHashMap<>();

    /** Diffs the snapshot against the source's state and applies it, or holds it for approval. */
    public SnapshotView submit(String source, ParsedSnapshot parsed, String actor) {
        synchronized (lock(source)) {
            UUID id = UUID.randomUUID();
            Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
            LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
            SnapshotDiff.Result diff = SnapshotDiff.diff(parsed.workers(), store.knownWorkers(source), today,
                    id.toString());
            SnapshotStatus status = diff.exceeds(terminationThreshold) ? SnapshotStatus.HELD : SnapshotStatus.PUBLISHING;
            SnapshotView snapshot = new SnapshotView(id, source, status, diff.hired(), diff.updated(), diff.terminated(),
                    diff.unchanged(), diff.rehired(), parsed.workers().size(), diff.previousWorkforce(), now, actor,
                    null, null);
            store.create(snapshot, toEvents(snapshot, diff.changes()));
            meters.counter("provisioning.hr.snapshots", "status", status.name()).increment();
            if (status == SnapshotStatus.HELD) {
                LOG.infof("snapshot %s of %s held: %d of %d workers would be terminated", id, source,
                        diff.terminated(), diff.previousWorkforce());
                decisions.publish(decision(snapshot, "HELD", actor));
                return snapshot;
            }
            return apply(snapshot);
        }
    }

    /**
     * Publishes a held snapshot's events.
     *
     * @throws ProblemException 404 if unknown, 409 if it is not HELD
     */
    public SnapshotView approve(UUID id, String actor) {
        SnapshotView held = require(id);
        synchronized (lock(held.source())) {
            if (!store.decide(id, SnapshotStatus.HELD, SnapshotStatus.PUBLISHING, actor, clock.instant())) {
                throw notHeld(require(id));
            }
            SnapshotView approved = require(id);
            decisions.publish(decision(approved, "APPROVED", actor));
            meters.counter("provisioning.hr.snapshots", "status", "APPROVED").increment();
            return apply(approved);
        }
    }

    /**
     * Discards a held snapshot: nothing is published.
     *
     * @throws ProblemException 404 if unknown, 409 if it is not HELD
     */
    public SnapshotView reject(UUID id, String actor) {
        SnapshotView held = require(id);
        synchronized (lock(held.source())) {
            if (!store.decide(id, SnapshotStatus.HELD, SnapshotStatus.REJECTED, actor, clock.instant())) {
                throw notHeld(require(id));
            }
            SnapshotView rejected = require(id);
            decisions.publish(decision(rejected, "REJECTED", actor));
            meters.counter("provisioning.hr.snapshots", "status", "REJECTED").increment();
            return rejected;
        }
    }

    /** Finishes snapshots a crash left half-published; their event ids make a re-publish harmless. */
    public void resumePublishing() {
        for (SnapshotView snapshot : store.publishing()) {
            synchronized (lock(snapshot.source())) {
                LOG.infof("resuming snapshot %s of %s", snapshot.snapshotId(), snapshot.source());
                apply(snapshot);
            }
        }
    }

    /** @throws ProblemException 404 if unknown */
    public SnapshotView require(UUID id) {
        return store.find(id).orElseThrow(() -> ProblemException.notFound("No snapshot " + id));
    }

    private SnapshotView apply(SnapshotView snapshot) {
        List<StoredEvent> stored = store.events(snapshot.snapshotId());
        List<Keyed> records = new ArrayList<>(stored.size());
        stored.forEach(e -> records.add(new Keyed(e.workerId(), e.event())));
        events.publishJson(records);
        store.markApplied(snapshot, stored);
        meters.counter("provisioning.hr.events.accepted", "origin", "snapshot").increment(stored.size());
        return require(snapshot.snapshotId());
    }

    private static List<StoredEvent> toEvents(SnapshotView snapshot, List<SnapshotDiff.Change> changes) {
        List<StoredEvent> events = new ArrayList<>(changes.size());
        for (SnapshotDiff.Change change : changes) {
            // Deterministic id: re-publishing after a crash is recognised downstream as a duplicate.
            String eventId = PayloadValidator.SNAPSHOT_EVENT_ID_PREFIX + snapshot.snapshotId() + ":" + change.workerId();
            HrEvent event = new HrEvent(HrEvent.SPEC_VERSION, eventId,
                    PayloadValidator.SNAPSHOT_SOURCE_PREFIX + snapshot.source(),
                    change.type(), change.workerId(), snapshot.receivedAt().atOffset(ZoneOffset.UTC),
                    "application/json", change.data());
            events.add(new StoredEvent(change.workerId(), HrEventPublisher.toJson(event), change.record()));
        }
        return events;
    }

    private SnapshotDecision decision(SnapshotView snapshot, String decision, String actor) {
        return new SnapshotDecision(UUID.randomUUID().toString(), clock.instant(), actor,
                snapshot.snapshotId().toString(), snapshot.source(), decision,
                Map.of("hired", snapshot.hired(), "rehired", snapshot.rehired(), "updated", snapshot.updated(),
                        "terminated", snapshot.terminated(), "unchanged", snapshot.unchanged(),
                        "previousWorkforce", snapshot.previousWorkforce()));
    }

    private static ProblemException notHeld(SnapshotView snapshot) {
        return new ProblemException(Problem.of("snapshot-not-held", "Snapshot not held", 409,
                "Snapshot " + snapshot.snapshotId() + " is " + snapshot.status() + "; only a HELD snapshot can be decided"));
    }

    private Object lock(String source) {
        return sourceLocks.computeIfAbsent(source, s -> new Object());
    }
}
