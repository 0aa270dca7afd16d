package io.provisioning.policy;

import io.provisioning.testsupport.EmbeddedPostgresResource;
import io.provisioning.testsupport.KafkaResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

/** Another application start (its own profile) on the same broker and database as {@link EventHandlingTest}. */
@QuarkusTest
@TestProfile(ScheduleAfterRestartTest.Restarted.class)
@WithTestResource(value = KafkaResource.class, initArgs = @ResourceArg(name = "targets", value = "corp-ldap"))
@WithTestResource(EmbeddedPostgresResource.class)
@WithTestResource(io.quarkus.test.oidc.server.OidcWiremockTestResource.class)
class ScheduleAfterRestartTest {

    /** A second application start. */
    public static class Restarted implements QuarkusTestProfile {
    }

    @Inject
    MutableClock clock;

    @Test
    void futureHireScheduledBeforeARestartRunsOnceAfterIt() {
        ScheduleAcrossRestarts.scheduleOrRun(clock);
    }
}
