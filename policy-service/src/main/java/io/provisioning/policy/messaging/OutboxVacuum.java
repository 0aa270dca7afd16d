package io.provisioning.policy.messaging;

import io.micrometer.core.instrument.MeterRegistry;
import io.provisioning.common.runtime.BackgroundLoop;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Vacuums the outbox after every {@code vacuum-after} relayed rows (at most once per
 * {@code vacuum-interval}), on a thread of its own so that the relay never waits for it.
 *
 * <p>Every relayed row is deleted, and its entry stays in the primary key until a VACUUM removes
 * it: the relay's {@code ORDER BY id LIMIT} then walks those dead entries on every round, empty
 * outbox or not, while autovacuum comes about once a minute. A VACUUM of the outbox, which holds
 * only the rows still waiting, reads its few pages once (docs/performance.md, "Settings").
 *
 * <p>Only the table's owner (or the database's, or a superuser) may vacuum it. Under a role
 * without that right this does nothing and says so once; autovacuum then remains the only
 * cleaner, as it is for every other table.
 */
@ApplicationScoped
public class OutboxVacuum {

    private static final Logger LOG = Logger.getLogger(OutboxVacuum.class);

    @Inject
    DataSource dataSource;

    @Inject
    MeterRegistry meters;

    @ConfigProperty(name = "provisioning.policy.outbox.vacuum-after", defaultValue = "1000")
    long rowsBetweenVacuums;

    @ConfigProperty(name = "provisioning.policy.outbox.vacuum-interval", defaultValue = "PT1S")
    Duration minimumInterval;

    /** Woken when enough rows were relayed; otherwise it looks once a minute, which costs a comparison. */
    private BackgroundLoop loop;
    private final AtomicLong relayedSinceVacuum = new AtomicLong();
    /** the loop's thread's only */
    private long lastStartedNanos = System.nanoTime();
    /** null until the first vacuum asked whether this role may vacuum the outbox */
    private volatile Boolean allowed;

    @PostConstruct
    void init() {
        loop = new BackgroundLoop("outbox-vacuum", this::vacuumIfDue, Duration.ofMinutes(1));
    }

    /** Counts rows the relay deleted; wakes the vacuum's thread when enough have been since the last one. */
    void relayed(int rows) {
        if (rows > 0 && enabled() && relayedSinceVacuum.addAndGet(rows) >= rowsBetweenVacuums) {
            loop.start();
            loop.wake();
        }
    }

    /** Off when configured so, or when this role turned out not to be allowed to vacuum. */
    private boolean enabled() {
        return rowsBetweenVacuums > 0 && !Boolean.FALSE.equals(allowed);
    }

    /** A round of the loop: one vacuum if enough rows were relayed and the interval is over. */
    private int vacuumIfDue() {
        if (enabled() && relayedSinceVacuum.get() >= rowsBetweenVacuums
                && System.nanoTime() - lastStartedNanos >= minimumInterval.toNanos()) {
            relayedSinceVacuum.set(0);
            lastStartedNanos = System.nanoTime();
            vacuum();
        }
        return 0;
    }

    private void vacuum() {
        // outside any transaction: VACUUM cannot run inside one
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            if (allowed == null) {
                allowed = mayVacuum(s);
                if (!allowed) {
                    LOG.warn("the database role of policy-service may not vacuum the outbox (it is not the table's"
                            + " or the database's owner): relayed rows are cleaned by autovacuum alone");
                    return;
                }
            }
            // SKIP_LOCKED: when autovacuum is at it already, there is nothing to add
            s.execute("VACUUM (SKIP_LOCKED) outbox");
            meters.counter("provisioning.policy.outbox.vacuums").increment();
        } catch (SQLException e) {
            LOG.warnf("outbox vacuum failed (%s); the next one comes after %d more relayed rows",
                    e.getSQLState(), rowsBetweenVacuums);
        }
    }

    private static boolean mayVacuum(Statement s) throws SQLException {
        try (ResultSet rs = s.executeQuery("""
                SELECT pg_has_role(c.relowner, 'MEMBER') OR pg_has_role(d.datdba, 'MEMBER') OR r.rolsuper
                FROM pg_class c, pg_database d, pg_roles r
                WHERE c.oid = 'outbox'::regclass AND d.datname = current_database() AND r.rolname = current_user""")) {
            return rs.next() && rs.getBoolean(1);
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        loop.stop();
    }
}
