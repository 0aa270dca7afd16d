package io.provisioning.policy.schedule;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import io.provisioning.common.health.SchemaReady;
import io.provisioning.common.runtime.BackgroundLoop;
import io.provisioning.contracts.Json;
import io.provisioning.contracts.hr.HrEvent;
import io.provisioning.policy.lifecycle.IdentityJournal;
import io.provisioning.policy.lifecycle.LifecycleService;
import io.provisioning.policy.lifecycle.TerminationBurstGuard;
import io.provisioning.policy.naming.TemplateException;
import io.provisioning.policy.store.IdentityRepository;
import io.provisioning.policy.store.HeldTerminations;
import io.provisioning.policy.store.HeldTerminations.Pending;
import io.provisioning.policy.store.IdentityEntity;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.ObservesAsync;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Carries out operators' decisions on held terminations: an approved one is applied (as the worker
 * is now: a later change makes it stale), a rejected one is recorded as ignored. Hundreds per
 * transaction, each row claimed with {@code SKIP LOCKED} and marked released in the same
 * transaction as its effect, so that a crash leaves it to do again and replicas never do one twice.
 */
@ApplicationScoped
public class HoldReleases {

    private static final Logger LOG = Logger.getLogger(HoldReleases.class);
    private static final ObjectMapper MAPPER = Json.mapper();
    private static final int BATCH = 500;

    @Inject
    HeldTerminations holds;

    @Inject
    IdentityRepository batches;

    @Inject
    LifecycleService lifecycle;

    @Inject
    IdentityJournal journal;

    @Inject
    TerminationBurstGuard guard;

    @Inject
    Clock clock;

    @Inject
    MeterRegistry meters;

    @ConfigProperty(name = "provisioning.policy.schedule.interval", defaultValue = "PT1S")
    Duration interval;

    private BackgroundLoop loop;

    @PostConstruct
    void init() {
        loop = new BackgroundLoop("termination-hold-releases", this::round, interval);
    }

    void onSchemaReady(@ObservesAsync SchemaReady ready) {
        loop.start();
    }

    void onStop(@Observes ShutdownEvent event) {
        loop.stop();
    }

    /** A decision was taken: release its terminations now rather than at the next poll. */
    public void wake() {
        loop.wake();
    }

    int round() {
        int moved = QuarkusTransaction.requiringNew().call(() ->
                holds.anyUndecided() ? holds.moveUndecided(guard.currentHold()) : 0);
        if (moved > 0) {
            LOG.infof("%d terminations joined a hold after it was decided; they wait in the next", moved);
        }
        try {
            return moved + releaseBatch(BATCH);
        } catch (RuntimeException batchFailed) {
            // one termination the policy cannot carry out: each on its own, which isolates it
            LOG.debugf("releasing held terminations in a batch failed (%s); one by one",
                    batchFailed.getClass().getSimpleName());
            int released = 0;
            for (int i = 0; i < BATCH; i++) {
                int one;
                try {
                    one = releaseBatch(1);
                } catch (TemplateException | IllegalArgumentException | IllegalStateException e) {
                    failOne(e.getMessage());
                    one = 1;
                }
                if (one == 0) {
                    break;
                }
                released += one;
            }
            return released;
        }
    }

    private int releaseBatch(int limit) {
        return QuarkusTransaction.requiringNew().call(() -> {
            List<Pending> pending = holds.releasable(limit);
            Instant now = clock.instant();
            if (pending.isEmpty()) {
                return 0; // nothing decided waits: the last batch of each decision closed its hold
            }
            Map<String, Instant> accepted = new HashMap<>();
            Set<String> eventIds = new LinkedHashSet<>();
            Set<String> workers = new LinkedHashSet<>();
            Map<Long, HrEvent> events = new HashMap<>();
            for (Pending p : pending) {
                HrEvent event = read(p.eventJson());
                events.put(p.seq(), event);
                eventIds.add(event.id());
                workers.add(event.workerId());
                if (p.acceptedAt() != null) {
                    accepted.put(event.id(), p.acceptedAt());
                }
            }
            batches.open(eventIds, accepted, workers, Set.of());
            Map<Long, String> outcomes = new HashMap<>();
            for (Pending p : pending) {
                HrEvent event = events.get(p.seq());
                String outcome;
                if ("APPROVED".equals(p.decision())) {
                    outcome = lifecycle.release(event);
                } else {
                    journal.rejected(event, p.holdId(), p.decidedBy());
                    outcome = "rejected";
                }
                outcomes.put(p.seq(), outcome);
                meters.counter("provisioning.policy.held-terminations", "result", outcome).increment();
            }
            holds.released(outcomes, now);
            batches.flush();
            holds.closeFinished(now);
            return pending.size();
        });
    }

    /** The first releasable termination cannot be carried out: it is closed with the reason, on the identity too. */
    private void failOne(String reason) {
        QuarkusTransaction.requiringNew().run(() -> {
            List<Pending> pending = holds.releasable(1);
            if (pending.isEmpty()) {
                return;
            }
            Pending p = pending.get(0);
            holds.released(p.seq(), "failed", clock.instant());
            meters.counter("provisioning.policy.held-terminations", "result", "failed").increment();
            HrEvent event;
            try {
                event = read(p.eventJson());
            } catch (IllegalStateException unreadable) {
                LOG.warnf("held termination #%d is unreadable; closed as failed", p.seq());
                return;
            }
            batches.batch(List.of(event.workerId()), () -> {
                IdentityEntity identity = batches.lockIdentity(event.workerId());
                if (identity != null) {
                    journal.failure(identity, event.id(), event.type().wireName() + " not applied: " + reason, false);
                }
                return null;
            });
            LOG.warnf("held termination %s of %s could not be applied: %s", event.id(), event.workerId(), reason);
        });
    }

    private static HrEvent read(String json) {
        try {
            return MAPPER.readValue(json, HrEvent.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("held event is unreadable", e);
        }
    }
}
