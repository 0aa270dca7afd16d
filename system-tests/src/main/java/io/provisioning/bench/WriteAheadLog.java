package io.provisioning.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * What the stack's PostgreSQL wrote to its write-ahead log during a phase, and how many checkpoints
 * began in it. After a checkpoint begins, the first change of each page writes the whole page into
 * the log again (a full-page image), so a phase in which one begins writes more and runs slower:
 * beside the phase's rate, this says whether that happened.
 */
final class WriteAheadLog {

    /** The server's counters at one moment; from two of them, what happened in between. */
    record Counters(long bytes, long fullPageImages, long checkpoints) {
        Counters since(Counters earlier) {
            return new Counters(bytes - earlier.bytes, fullPageImages - earlier.fullPageImages,
                    checkpoints - earlier.checkpoints);
        }
    }

    /** When the server could not be asked: the phase prints nothing about its log. */
    static final Counters UNKNOWN = new Counters(-1, -1, -1);

    private final String url;
    private final String user;
    private final String password;

    /** @param url a database of the stack's cluster; the counters are the cluster's */
    WriteAheadLog(String url, String user, String password) {
        this.url = url;
        this.user = user;
        this.password = password;
    }

    /** The cluster's counters now (any role may read them), or {@link #UNKNOWN}. */
    Counters now() {
        try (Connection c = DriverManager.getConnection(url, user, password);
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("""
                     SELECT w.wal_bytes, w.wal_fpi, b.checkpoints_timed + b.checkpoints_req
                     FROM pg_stat_wal w, pg_stat_bgwriter b""")) {
            rs.next();
            return new Counters(rs.getLong(1), rs.getLong(2), rs.getLong(3));
        } catch (SQLException e) {
            return UNKNOWN;
        }
    }

    /** What was written from {@code start} until now, or {@link #UNKNOWN} if either is unknown. */
    Counters since(Counters start) {
        Counters end = now();
        return start.bytes() < 0 || end.bytes() < 0 ? UNKNOWN : end.since(start);
    }
}
