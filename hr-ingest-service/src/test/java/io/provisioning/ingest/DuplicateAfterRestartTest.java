package io.provisioning.ingest;

import io.provisioning.testsupport.EmbeddedPostgresResource;
import io.provisioning.testsupport.KafkaResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import org.junit.jupiter.api.Test;

/**
 * A second application start (its own test profile forces one) against the same broker and
 * database as {@link HrEventsResourceTest}: the fixture event is accepted by whichever start sees
 * it first and is a duplicate for the other, so it is published exactly once.
 */
@QuarkusTest
@TestProfile(DuplicateAfterRestartTest.Restarted.class)
@WithTestResource(KafkaResource.class)
@WithTestResource(EmbeddedPostgresResource.class)
@WithTestResource(OidcWiremockTestResource.class)
class DuplicateAfterRestartTest {

    /** Another application start. */
    public static class Restarted implements QuarkusTestProfile {
    }

    @Test
    void eventAcceptedByAnotherApplicationStartIsADuplicate() {
        HrEventsResourceTest.sendRestartFixture();
    }
}
