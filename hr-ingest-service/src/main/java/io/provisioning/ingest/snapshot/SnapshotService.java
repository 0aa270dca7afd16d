package io.provisioning.ingest.snapshot;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import io.provisioning.common.problem.Problem;
import io.provisioning.common.problem.ProblemException;
import io.provisioning.contracts.Json;
import io.provisioning.contracts.hr.HrEvent;
import io.provisioning.contracts.hr.HrEventData;
import io.provisioning.contracts.hr.HrEventType;
import io.provisioning.contracts.hr.Termination;
import io.provisioning.contracts.hr.Worker;
import io.provisioning.contracts.hr.WorkerChange;
import io.provisioning.contracts.policy.SnapshotDecision;
import io.provisioning.contracts.validation.PayloadValidator;
import io.provisioning.ingest.messaging.HrEventPublisher.Keyed;
import io.provisioning.ingest.messaging.HrEventPublisher;
import io.provisioning.ingest.messaging.PolicyChangePublisher;
import io.provisioning.ingest.publisher.Publisher;
import io.provisioning.ingest.snapshot.SnapshotStore.StoredEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
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
 * Turns a snapshot into hired / rehired / updated / terminated events. The snapshot and its events
 * are stored first, then published, then made the source's state: a crash in between leaves it
 * PUBLISHING, and it is published again (same event ids) when the service is back. Snapshots of
 * one source are handled one at a time.
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

    /** Events published between waits for the broker's acknowledgements. */
    private static final int PAGE = 2000;
    private static final ObjectMapper MAPPER = Json.mapper();

    private final Map<String, Object> sourceLocks = new ConcurrentHashMap<>();

    /**
     * Reads the snapshot, diffs it against the source's state and applies it, or holds it for approval.
     *
     * @throws ProblemException 400 for invalid rows, 403 for workers of another source, 413 beyond the size limit
     */
    public SnapshotView submit(String source, SnapshotStore.RowReader rows, boolean csv, Publisher publisher,
                               String actor) throws IOException {
        synchronized (lock(source)) {
            SnapshotStore.Submission submission = new SnapshotStore.Submission(UUID.randomUUID(), source,
                    clock.instant().truncatedTo(ChronoUnit.MICROS), actor, publisher, csv);
            SnapshotView snapshot = store.stage(submission, rows, terminationThreshold);
            meters.counter("provisioning.hr.snapshots", "status", snapshot.status().name()).increment();
            if (snapshot.status() == SnapshotStatus.HELD) {
                LOG.infof("snapshot %s of %s held: %d of %d workers would be terminated", snapshot.snapshotId(), source,
                        snapshot.terminated(), snapshot.previousWorkforce());
                decisions.publish(decision(snapshot, "HELD", actor, null));
                return snapshot;
            }
            return apply(snapshot);
        }
    }

    /**
     * Publishes a held snapshot's events.
     *
     * @param comment why, as the operator wrote it; null if nothing
     * @throws ProblemException 404 if unknown, 409 if it is not HELD
     */
    public SnapshotView approve(UUID id, String actor, String comment) {
        SnapshotView held = require(id);
        synchronized (lock(held.source())) {
            if (!store.decide(id, SnapshotStatus.HELD, SnapshotStatus.PUBLISHING, actor, clock.instant(), comment)) {
                throw notHeld(require(id));
            }
            SnapshotView approved = require(id);
            decisions.publish(decision(approved, "APPROVED", actor, comment));
            meters.counter("provisioning.hr.snapshots", "status", "APPROVED").increment();
            return apply(approved);
        }
    }

    /**
     * Discards a held snapshot: nothing is published.
     *
     * @param comment why, as the operator wrote it; null if nothing
     * @throws ProblemException 404 if unknown, 409 if it is not HELD
     */
    public SnapshotView reject(UUID id, String actor, String comment) {
        SnapshotView held = require(id);
        synchronized (lock(held.source())) {
            if (!store.decide(id, SnapshotStatus.HELD, SnapshotStatus.REJECTED, actor, clock.instant(), comment)) {
                throw notHeld(require(id));
            }
            SnapshotView rejected = require(id);
            decisions.publish(decision(rejected, "REJECTED", actor, comment));
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

    /** A page of snapshots, newest first, optionally of one status and one source. */
    public SnapshotStore.Slice<SnapshotView> list(SnapshotStatus status, String source, int page, int size) {
        return store.list(status, source, page, size);
    }

    /**
     * A page of a snapshot's events in order, optionally of one CloudEvent type. A rejected or
     * superseded snapshot has none left.
     *
     * @throws ProblemException 404 if unknown
     */
    public SnapshotStore.Slice<SnapshotEvent> events(UUID id, HrEventType type, int page, int size) {
        require(id);
        return store.changes(id, type == null ? null : type.wireName(), page, size);
    }

    /** Publishes the snapshot's events a page at a time, then makes it the source's state. */
    private SnapshotView apply(SnapshotView snapshot) {
        int published = 0;
        for (List<StoredEvent> page = store.events(snapshot.snapshotId(), 0, PAGE); !page.isEmpty();
             page = store.events(snapshot.snapshotId(), page.get(page.size() - 1).position() + 1, PAGE)) {
            List<Keyed> records = new ArrayList<>(page.size());
            page.forEach(e -> records.add(new Keyed(e.workerId(), json(snapshot, e))));
            events.publishJson(records);
            published += page.size();
        }
        store.markApplied(snapshot);
        meters.counter("provisioning.hr.events.accepted", "origin", "snapshot").increment(published);
        return require(snapshot.snapshotId());
    }

    /**
     * The CloudEvent of a stored change. Its id is deterministic and its content a function of the
     * stored row and the snapshot: re-publishing after a crash is recognised downstream as a duplicate.
     */
    static String json(SnapshotView snapshot, StoredEvent stored) {
        if (stored.event() != null) {
            return stored.event();
        }
        HrEventType type = HrEventType.of(stored.eventType());
        HrEventData data;
        if (type == HrEventType.TERMINATED) {
            data = new Termination(stored.workerId(), LocalDate.ofInstant(snapshot.receivedAt(), ZoneOffset.UTC),
                    "absent from snapshot " + snapshot.snapshotId());
        } else {
            try {
                data = WorkerChange.of(MAPPER.readValue(stored.workerRecord(), Worker.class), null);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("a stored worker record is always readable", e);
            }
        }
        String eventId = PayloadValidator.SNAPSHOT_EVENT_ID_PREFIX + snapshot.snapshotId() + ":" + stored.workerId();
        return HrEventPublisher.toJson(new HrEvent(HrEvent.SPEC_VERSION, eventId,
                PayloadValidator.SNAPSHOT_SOURCE_PREFIX + snapshot.source(), type, stored.workerId(),
                snapshot.receivedAt().atOffset(ZoneOffset.UTC), "application/json", data));
    }

    private SnapshotDecision decision(SnapshotView snapshot, String decision, String actor, String comment) {
        return new SnapshotDecision(UUID.randomUUID().toString(), clock.instant(), actor,
                snapshot.snapshotId().toString(), snapshot.source(), decision,
                Map.of("hired", snapshot.hired(), "rehired", snapshot.rehired(), "updated", snapshot.updated(),
                        "terminated", snapshot.terminated(), "unchanged", snapshot.unchanged(),
                        "previousWorkforce", snapshot.previousWorkforce()), comment);
    }

    private static ProblemException notHeld(SnapshotView snapshot) {
        return new ProblemException(Problem.of("snapshot-not-held", "Snapshot not held", 409,
                "Snapshot " + snapshot.snapshotId() + " is " + snapshot.status() + "; only a HELD snapshot can be decided"));
    }

    private Object lock(String source) {
        return sourceLocks.computeIfAbsent(source, s -> new Object());
    }
}
