package io.provisioning.connector.reconciliation;

import static org.awaitility.Awaitility.await;

import io.provisioning.connector.runtime.StandInTargetsResource;
import io.provisioning.contracts.Topics;
import io.provisioning.testsupport.EmbeddedPostgresResource;
import io.provisioning.testsupport.KafkaResource;
import io.provisioning.testsupport.OpenLdapResource;
import io.provisioning.testsupport.TopicProbe;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import java.time.Duration;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/** A target with a reconciliation cron is reconciled on schedule, and the run is on the audit topic. */
@QuarkusTest
@TestProfile(ScheduledReconciliationTest.EveryTwoSeconds.class)
@WithTestResource(value = KafkaResource.class, initArgs = @ResourceArg(name = "targets", value = "corp-ldap,retry-ldap,down-ldap"))
@WithTestResource(EmbeddedPostgresResource.class)
@WithTestResource(OidcWiremockTestResource.class)
@WithTestResource(OpenLdapResource.class)
@WithTestResource(StandInTargetsResource.class)
class ScheduledReconciliationTest {

    /** corp-ldap reconciled every two seconds. */
    public static class EveryTwoSeconds implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("provisioning.targets.corp-ldap.reconciliation-cron", "*/2 * * * * ?");
        }
    }

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String kafka;

    @Test
    void aTargetWithACronIsReconciledByTheSchedulerAndTheRunIsRecorded() {
        await().atMost(Duration.ofSeconds(30)).until(() -> TopicProbe.readAll(kafka, Topics.POLICY_CHANGES).stream()
                .anyMatch(r -> r.value().contains("\"action\":\"reconciliation.completed\"")
                        && r.value().contains("\"actor\":\"scheduler\"") && r.value().contains("\"targetId\":\"corp-ldap\"")));
    }
}
