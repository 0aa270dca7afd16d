package io.provisioning.policy;

import static io.provisioning.policy.HrStory.commands;
import static io.provisioning.policy.HrStory.newWorker;
import static io.provisioning.policy.HrStory.publish;
import static io.provisioning.policy.HrStory.worker;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import io.provisioning.testsupport.EmbeddedPostgresResource;
import io.provisioning.testsupport.KafkaResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * The relay vacuums the outbox as it deletes what it relayed (the tests' settings: after every
 * relayed row), so that its scans do not walk the entries of rows long gone. PostgreSQL counts a
 * client's VACUUM apart from autovacuum's, so the count shows it was the relay's.
 */
@QuarkusTest
@WithTestResource(value = KafkaResource.class, initArgs = @ResourceArg(name = "targets", value = "corp-ldap"))
@WithTestResource(EmbeddedPostgresResource.class)
@WithTestResource(OidcWiremockTestResource.class)
class OutboxVacuumTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Inject
    MutableClock clock;

    @Inject
    MeterRegistry meters;

    @Inject
    DataSource dataSource;

    @Test
    void theRelayVacuumsTheOutboxOnceItHasRelayedEnoughRows() throws SQLException {
        long vacuumsBefore = manualVacuums();
        double countedBefore = countedVacuums();
        String hire = newWorker("OV");
        publish("hr.worker.hired", hire, clock.instant(), worker(hire, "Olga", "Vacuum", "EMPLOYEE", "Sales",
                LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC), null, null));

        await().atMost(WAIT).until(() -> commands(hire).size() == 1);
        await().atMost(WAIT).until(() -> manualVacuums() > vacuumsBefore && countedVacuums() > countedBefore);
        assertThat(outboxRows()).as("every row relayed and deleted").isZero();
    }

    private double countedVacuums() {
        var counter = meters.find("provisioning.policy.outbox.vacuums").counter();
        return counter == null ? 0 : counter.count();
    }

    /** VACUUMs run by a client, not by autovacuum (which PostgreSQL counts apart). */
    private long manualVacuums() throws SQLException {
        return number("SELECT vacuum_count FROM pg_stat_user_tables WHERE relname = 'outbox'");
    }

    private long outboxRows() throws SQLException {
        return number("SELECT count(*) FROM outbox");
    }

    private long number(String query) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(query)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
