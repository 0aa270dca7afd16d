package io.provisioning.audit.checkpoint;

import io.provisioning.audit.store.AuditQueries;
import io.provisioning.audit.verifier.SignedCheckpoint;
import io.provisioning.common.problem.Problem;
import io.provisioning.common.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.security.PublicKey;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;

/** The signed checkpoints verify holds the trail against: the database's and the topic's. */
@ApplicationScoped
public class TrailCheckpoints implements AuditQueries.CheckpointSource {

    @Inject
    SignedCheckpoints stored;

    @Inject
    CheckpointTopic topic;

    @Inject
    CheckpointKeyPair keys;

    @Override
    public Optional<SignedCheckpoint> newestStored(Connection c) throws SQLException {
        return stored.newestVerified(c, keys.publicKey());
    }

    @Override
    public Optional<SignedCheckpoint> newestForged(Connection c) throws SQLException {
        return stored.newest(c, 1).stream().filter(checkpoint -> !checkpoint.verifiedBy(keys.publicKey())).findFirst();
    }

    @Override
    public long newestMatchingBefore(Connection c, long seq, AuditQueries.SqlFunction hashAt) throws SQLException {
        return stored.newestMatchingBefore(c, seq, keys.publicKey(), hashAt);
    }

    @Override
    public Optional<SignedCheckpoint> newestPublished() {
        try {
            return topic.newest();
        } catch (IllegalStateException e) {
            throw new ProblemException(Problem.of("unavailable", "Service unavailable", 503,
                    "The newest signed checkpoint (Kafka topic audit.checkpoints) cannot be read now, and the trail"
                            + " is not verified without it. Try again."));
        }
    }

    @Override
    public PublicKey publicKey() {
        return keys.publicKey();
    }
}
