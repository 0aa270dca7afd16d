package io.provisioning.audit.verifier;

import java.security.PublicKey;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.LongFunction;

/**
 * Holds a hash chain that is valid in itself against the signed checkpoints: the only evidence a
 * database owner, who can rewrite a whole chain, cannot make again. Used by the audit service's
 * verify and by the standalone verifier alike.
 */
public final class CheckpointCheck {

    /** What a checkpoint shows. */
    public enum Kind {
        /** Its signature does not verify. */
        FORGED,
        /** It covers more records than the trail holds. */
        TAIL_REMOVED,
        /** The trail's record at its seq hashes otherwise. */
        REWRITTEN
    }

    /**
     * What is wrong: the first sequence number that cannot be trusted, and why.
     *
     * @param checkpointSeq the checkpoint that shows it
     */
    public record Finding(long firstBrokenSeq, String reason, Kind kind, long checkpointSeq) {
    }

    private CheckpointCheck() {
    }

    /**
     * @param lastSeq     the last record of the valid chain (0: none)
     * @param hashAt      the hash the trail holds for a sequence number up to {@code lastSeq}
     * @param checkpoints every signed checkpoint at hand, in any order
     * @param key         the public key of the audit service's signing key
     */
    public static Optional<Finding> check(long lastSeq, LongFunction<String> hashAt, List<SignedCheckpoint> checkpoints,
            PublicKey key) {
        List<SignedCheckpoint> ordered = checkpoints.stream().sorted(Comparator.comparingLong(SignedCheckpoint::seq)).toList();
        long trustedUpTo = 0;
        for (SignedCheckpoint checkpoint : ordered) {
            if (!checkpoint.verifiedBy(key)) {
                return Optional.of(new Finding(Math.min(checkpoint.seq(), lastSeq + 1), "the checkpoint at seq "
                        + checkpoint.seq() + " is not signed by the audit service's key (forged or altered)",
                        Kind.FORGED, checkpoint.seq()));
            }
            if (checkpoint.seq() > lastSeq) {
                return Optional.of(new Finding(lastSeq + 1, "the trail ends at seq " + lastSeq
                        + " but a checkpoint signed at " + checkpoint.signedAt() + " covers " + checkpoint.seq()
                        + " records: records were removed", Kind.TAIL_REMOVED, checkpoint.seq()));
            }
            if (checkpoint.seq() > 0 && !checkpoint.hash().equals(hashAt.apply(checkpoint.seq()))) {
                return Optional.of(new Finding(trustedUpTo + 1, "record " + checkpoint.seq()
                        + " does not hash to what the checkpoint signed at " + checkpoint.signedAt()
                        + " says: a record after seq " + trustedUpTo + " was rewritten", Kind.REWRITTEN,
                        checkpoint.seq()));
            }
            trustedUpTo = checkpoint.seq();
        }
        return Optional.empty();
    }
}
