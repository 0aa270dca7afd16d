package io.provisioning.policy.authoring;

import io.micrometer.core.instrument.MeterRegistry;
import io.provisioning.common.health.SchemaReady;
import io.provisioning.common.runtime.BackgroundLoop;
import io.provisioning.policy.lifecycle.AccountPlanner;
import io.provisioning.policy.lifecycle.IdentityJournal;
import io.provisioning.policy.naming.TemplateException;
import io.provisioning.policy.store.IdentityEntity;
import io.provisioning.policy.store.IdentityRepository;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.ObservesAsync;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Applies an activated policy version to every identity: batches of identities in worker id
 * order, one transaction and one identity batch each, every identity locked and re-evaluated as an HR event would be;
 * the commands carry the correlation id {@code policy-v<N>}. Progress is kept in
 * {@code policy_rollout}, so a restart resumes where it stopped; one replica works on a rollout
 * at a time (the row is locked), and a newer activation supersedes an older rollout.
 */
@ApplicationScoped
public class PolicyRollout {

    private static final Logger LOG = Logger.getLogger(PolicyRollout.class);

    @Inject
    EntityManager em;

    @Inject
    AccountPlanner planner;

    @Inject
    IdentityRepository identities;

    @Inject
    IdentityJournal journal;

    @Inject
    MeterRegistry meters;

    @Inject
    Clock clock;

    @ConfigProperty(name = "provisioning.policy.rollout.batch-size", defaultValue = "200")
    int batchSize;

    @ConfigProperty(name = "provisioning.policy.rollout.interval", defaultValue = "PT1S")
    Duration interval;

    private BackgroundLoop loop;

    /** The correlation id of the commands an activation causes, and the id of its policy.changes record. */
    public static String correlationId(long version) {
        return "policy-v" + version;
    }

    @PostConstruct
    void init() {
        loop = new BackgroundLoop("policy-rollout", this::drain, interval);
    }

    void onSchemaReady(@ObservesAsync SchemaReady ready) {
        loop.start();
    }

    void onStop(@Observes ShutdownEvent event) {
        loop.stop();
    }

    /**
     * Marks the running rollout superseded, in the activation's transaction, before the new version is
     * stored: this waits for a batch in progress to commit, and that batch needs the shared policy lock
     * that storing the next version takes exclusively (taken the other way round, the two deadlocked).
     * A batch starting meanwhile skips the row this holds.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void supersedeRunning() {
        em.createNativeQuery("UPDATE policy_rollout SET status = 'SUPERSEDED', finished_at = ?1 WHERE status = 'RUNNING'")
                .setParameter(1, clock.instant()).executeUpdate();
    }

    /** Registers the rollout of a version being activated, in the activation's transaction, after {@link #supersedeRunning()}. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void start(long version) {
        em.createNativeQuery("INSERT INTO policy_rollout (version, status, started_at) VALUES (?1, 'RUNNING', ?2)")
                .setParameter(1, version).setParameter(2, clock.instant()).executeUpdate();
    }

    /** Runs batches until no rollout has work left; returns how many ran. */
    int drain() {
        int batches = 0;
        while (QuarkusTransaction.requiringNew().call(this::batch)) {
            batches++;
        }
        return batches;
    }

    /** One batch of the newest running rollout; false when there is none. */
    private boolean batch() {
        List<?> running = em.createNativeQuery("""
                        SELECT version, last_worker_id FROM policy_rollout WHERE status = 'RUNNING'
                        ORDER BY version DESC LIMIT 1 FOR UPDATE SKIP LOCKED""").getResultList();
        if (running.isEmpty()) {
            return false;
        }
        Object[] row = (Object[]) running.get(0);
        long version = ((Number) row[0]).longValue();
        String after = (String) row[1];
        @SuppressWarnings("unchecked")
        List<String> workerIds = (after == null
                ? em.createNativeQuery("SELECT worker_id FROM identity ORDER BY worker_id COLLATE \"C\" LIMIT ?1")
                : em.createNativeQuery("""
                        SELECT worker_id FROM identity WHERE worker_id COLLATE "C" > ?2
                        ORDER BY worker_id COLLATE "C" LIMIT ?1""").setParameter(2, after))
                .setParameter(1, batchSize).getResultList();
        String cause = correlationId(version);
        int commands = identities.batch(workerIds, () -> {
            int issued = 0;
            for (String workerId : workerIds) {
                IdentityEntity identity = identities.lockIdentity(workerId);
                if (identity == null) {
                    continue; // never: identities are not deleted
                }
                try {
                    issued += planner.reconcile(identity, identity.worker(), cause, "POLICY_CHANGE");
                } catch (TemplateException cannotEvaluate) {
                    journal.failure(identity, cause, cannotEvaluate.getMessage(), true);
                }
            }
            return issued;
        });
        boolean done = workerIds.size() < batchSize;
        em.createNativeQuery("""
                        UPDATE policy_rollout SET last_worker_id = ?2, identities = identities + ?3,
                               commands = commands + ?4, status = ?5,
                               finished_at = CASE WHEN ?5 = 'DONE' THEN CAST(?6 AS TIMESTAMPTZ) END
                        WHERE version = ?1""")
                .setParameter(1, version)
                .setParameter(2, workerIds.isEmpty() ? after : workerIds.get(workerIds.size() - 1))
                .setParameter(3, workerIds.size()).setParameter(4, commands)
                .setParameter(5, done ? "DONE" : "RUNNING").setParameter(6, clock.instant())
                .executeUpdate();
        meters.counter("provisioning.policy.rollout.identities").increment(workerIds.size());
        meters.counter("provisioning.policy.rollout.commands").increment(commands);
        if (done) {
            LOG.infof("policy version %d applied to every identity", version);
        }
        return true;
    }
}
