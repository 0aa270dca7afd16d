package io.provisioning.audit.checkpoint;

import io.provisioning.audit.store.AuditQueries;
import io.provisioning.audit.verifier.SignedCheckpoint;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Signs the trail's head at least every {@code provisioning.audit.checkpoint.interval}, or as soon as
 * {@code provisioning.audit.checkpoint.records} records came after the last checkpoint: the chain is
 * verified from the last signed checkpoint first (a broken chain is never signed, and said so), the
 * checkpoint stored and published to {@code audit.checkpoints} in one step (a checkpoint the broker
 * did not take is not kept). One replica signs at a time (an advisory lock).
 */
@ApplicationScoped
public class CheckpointSigner {

    private static final Logger LOG = Logger.getLogger(CheckpointSigner.class);
    /** Arbitrary, fixed: the advisory lock key of checkpoint signing. */
    private static final long SIGNING_LOCK = 0x636B70745F736967L;

    @Inject
    DataSource dataSource;

    @Inject
    CheckpointKeyPair keys;

    @Inject
    CheckpointTopic topic;

    @Inject
    SignedCheckpoints checkpoints;

    @Inject
    Clock clock;

    @ConfigProperty(name = "provisioning.audit.checkpoint.interval")
    Duration interval;

    @ConfigProperty(name = "provisioning.audit.checkpoint.records")
    long records;

    private long reportedBrokenSeq = -1;
    private boolean failing;

    void start(@Observes StartupEvent event) {
        keys.publicKey(); // a missing or mismatched key pair stops the start here
    }

    /** Every second: signs a checkpoint when one is due (enough records, or the interval since the last). */
    @Scheduled(every = "1s", delayed = "1s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void tick() {
        try {
            signIfDue();
            if (failing) {
                LOG.info("audit checkpoints are signed and published again");
                failing = false;
            }
        } catch (RuntimeException | SQLException e) {
            if (!failing) {
                // once per outage: the schema may not be there yet, or the database or broker be away
                LOG.warnf("cannot sign an audit checkpoint now (%s); retrying every second", e.getMessage());
                failing = true;
            }
        }
    }

    /** @return the checkpoint signed, if one was due */
    public Optional<SignedCheckpoint> signIfDue() throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                Optional<SignedCheckpoint> signed = signIfDue(c);
                c.commit();
                return signed;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    private Optional<SignedCheckpoint> signIfDue(Connection c) throws SQLException {
        try (PreparedStatement lock = c.prepareStatement("SELECT pg_try_advisory_xact_lock(?)")) {
            lock.setLong(1, SIGNING_LOCK);
            try (ResultSet rs = lock.executeQuery()) {
                if (!rs.next() || !rs.getBoolean(1)) {
                    return Optional.empty(); // another replica is signing
                }
            }
        }
        Optional<SignedCheckpoint> last = checkpoints.newestVerified(c, keys.publicKey());
        long lastSeq = last.map(SignedCheckpoint::seq).orElse(0L);
        long head = head(c);
        boolean due = head - lastSeq >= records
                || last.map(l -> !l.signedAt().plus(interval).isAfter(clock.instant())).orElse(true);
        if (head <= lastSeq || !due) {
            return Optional.empty();
        }
        AuditQueries.VerifyResult walked = AuditQueries.walk(c, lastSeq,
                last.map(SignedCheckpoint::hash).orElse(io.provisioning.audit.chain.HashChain.GENESIS));
        if (!walked.valid()) {
            if (walked.firstBrokenSeq() != reportedBrokenSeq) {
                LOG.errorf("the audit trail is broken at seq %d: no checkpoint is signed past seq %d until it is"
                        + " investigated (GET /api/v1/audit/verify)", walked.firstBrokenSeq(), lastSeq);
                reportedBrokenSeq = walked.firstBrokenSeq();
            }
            return Optional.empty();
        }
        SignedCheckpoint checkpoint = SignedCheckpoint.sign(walked.records(), walked.head(), clock.instant(),
                keys.privateKey());
        checkpoints.insert(c, checkpoint);
        topic.publish(checkpoint);
        return Optional.of(checkpoint);
    }

    private static long head(Connection c) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT seq FROM audit_record ORDER BY seq DESC LIMIT 1");
             ResultSet rs = s.executeQuery()) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }
}
