package io.provisioning.audit.checkpoint;

import io.provisioning.audit.store.AuditQueries;
import io.provisioning.audit.verifier.SignedCheckpoint;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.security.PublicKey;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/** The database's copy of the signed checkpoints ({@code audit_signed_checkpoint}). */
@ApplicationScoped
public class SignedCheckpoints {

    private static final Logger LOG = Logger.getLogger(SignedCheckpoints.class);
    /** How many of the newest rows are tried for one whose signature verifies. */
    private static final int NEWEST_TRIED = 50;

    private final java.util.Set<Long> reportedForged = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /** The newest checkpoint in the database whose signature verifies; forged newer rows are logged and passed over. */
    public Optional<SignedCheckpoint> newestVerified(Connection c, PublicKey key) throws SQLException {
        for (SignedCheckpoint checkpoint : newest(c, NEWEST_TRIED)) {
            if (checkpoint.verifiedBy(key)) {
                return Optional.of(checkpoint);
            }
            if (reportedForged.add(checkpoint.seq())) {
                // once per row: the signer asks every second
                LOG.errorf("audit_signed_checkpoint holds a checkpoint at seq %d that the audit key did not sign",
                        checkpoint.seq());
            }
        }
        return Optional.empty();
    }

    /** The seq of the newest checkpoint before {@code seq} that verifies and matches the trail's hash (0: none). */
    public long newestMatchingBefore(Connection c, long seq, PublicKey key, AuditQueries.SqlFunction hashAt)
            throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "SELECT seq, hash, signed_at, signature FROM audit_signed_checkpoint WHERE seq < ? ORDER BY seq DESC")) {
            s.setLong(1, seq);
            s.setFetchSize(100);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    SignedCheckpoint checkpoint = read(rs);
                    if (checkpoint.verifiedBy(key) && checkpoint.hash().equals(hashAt.hashAt(checkpoint.seq()))) {
                        return checkpoint.seq();
                    }
                }
            }
        }
        return 0;
    }

    /** The newest rows, newest first, whatever their signatures. */
    public List<SignedCheckpoint> newest(Connection c, int limit) throws SQLException {
        List<SignedCheckpoint> found = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement(
                "SELECT seq, hash, signed_at, signature FROM audit_signed_checkpoint ORDER BY seq DESC LIMIT ?")) {
            s.setInt(1, limit);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    found.add(read(rs));
                }
            }
        }
        return found;
    }

    void insert(Connection c, SignedCheckpoint checkpoint) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("""
                INSERT INTO audit_signed_checkpoint (seq, hash, signed_at, signature) VALUES (?, ?, ?, ?)
                ON CONFLICT (seq) DO NOTHING""")) {
            s.setLong(1, checkpoint.seq());
            s.setString(2, checkpoint.hash());
            s.setTimestamp(3, Timestamp.from(checkpoint.signedAt()));
            s.setString(4, checkpoint.signature());
            s.executeUpdate();
        }
    }

    /** Every stored checkpoint in seq order, one JSON line each, streamed from a cursor. */
    public void writeAll(Connection c, Writer out) throws SQLException {
        c.setAutoCommit(false);
        try (PreparedStatement s = c.prepareStatement(
                "SELECT seq, hash, signed_at, signature FROM audit_signed_checkpoint ORDER BY seq")) {
            s.setFetchSize(1000);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.write(read(rs).toJson());
                    out.write('\n');
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            c.rollback();
        }
    }

    private static SignedCheckpoint read(ResultSet rs) throws SQLException {
        return new SignedCheckpoint(rs.getLong(1), rs.getString(2), rs.getTimestamp(3).toInstant(), rs.getString(4));
    }
}
