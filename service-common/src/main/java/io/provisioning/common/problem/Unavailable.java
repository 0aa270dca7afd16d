package io.provisioning.common.problem;

import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.sql.SQLTransientException;
import java.util.Set;

/**
 * Recognises a failure that is the database's absence (down, restarting, refusing connections,
 * no connection free in time) rather than a defect: the request did nothing and may be sent again,
 * so the caller is answered 503 with Retry-After instead of 500.
 */
public final class Unavailable {

    /** admin shutdown, crash shutdown, cannot connect now, too many connections */
    private static final Set<String> UNAVAILABLE_STATES = Set.of("57P01", "57P02", "57P03", "53300");

    private Unavailable() {
    }

    /**
     * The database away, or a failure of the same passing kind (a transient SQL failure such as a
     * deadlock or a serialization conflict, a cancelled statement): a consumer waits it out and
     * tries the same message again rather than skip it.
     */
    public static boolean worthWaitingOut(Throwable failure) {
        if (database(failure)) {
            return true;
        }
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLTransientException
                    || t instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith("57")) {
                return true;
            }
        }
        return false;
    }

    public static boolean database(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLTransientConnectionException || t instanceof ConnectException) {
                return true;
            }
            if (t instanceof SQLException sql) {
                String state = sql.getSQLState();
                // class 08: connection exception; the pool's "acquisition timeout" carries no state
                if (state != null && (state.startsWith("08") || UNAVAILABLE_STATES.contains(state))) {
                    return true;
                }
                if (state == null && sql.getMessage() != null && sql.getMessage().contains("acquisition timeout")) {
                    return true;
                }
            }
            if (t.getClass().getName().equals("org.hibernate.exception.JDBCConnectionException")) {
                return true;
            }
        }
        return false;
    }
}
