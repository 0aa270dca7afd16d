package io.provisioning.connector.reconciliation;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.LDAPConnection;
import io.agroal.api.AgroalDataSource;
import io.provisioning.connector.runtime.StandInTargetsResource;
import io.provisioning.contracts.Json;
import io.provisioning.contracts.Topics;
import io.provisioning.contracts.command.AccountState;
import io.provisioning.contracts.command.ProvisioningCommand;
import io.provisioning.testsupport.EmbeddedPostgresResource;
import io.provisioning.testsupport.KafkaResource;
import io.provisioning.testsupport.OpenLdapResource;
import io.provisioning.testsupport.OpenLdapServer;
import io.provisioning.testsupport.Roles;
import io.provisioning.testsupport.TestTokens;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.Test;

/**
 * A reconciliation of a directory whose accounts, and whose desired state, are each larger than the
 * heap of the JVM that runs it completes with the exact drift. The build runs this class alone in a
 * JVM with a small heap (see the module's pom), against a directory of its own.
 */
@QuarkusTest
@WithTestResource(value = KafkaResource.class, initArgs = @ResourceArg(name = "targets", value = "corp-ldap,retry-ldap,down-ldap"))
@WithTestResource(EmbeddedPostgresResource.class)
@WithTestResource(OidcWiremockTestResource.class)
@WithTestResource(OpenLdapResource.class)
@WithTestResource(StandInTargetsResource.class)
class LargeDirectoryReconciliationTest {

    private static final Logger LOG = Logger.getLogger(LargeDirectoryReconciliationTest.class);
    private static final ObjectMapper MAPPER = Json.mapper();
    private static final String TARGET = "corp-ldap";
    private static final int ACCOUNTS = 42_000;
    private static final int DESCRIPTION_CHARS = 10_000;
    /** Every 200th account has no identity: an orphan. */
    private static final int ORPHAN_EVERY = 200;
    /** Every 100th account (offset 1) holds another description than the desired one. */
    private static final int DRIFT_EVERY = 100;
    private static final int MISSING = 100;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String kafka;

    @Inject
    AgroalDataSource dataSource;

    @Test
    void aReconciliationOfADirectoryLargerThanTheHeapCompletesWithTheExactDrift() throws Exception {
        long listingBytes = fillDirectory();
        LOG.infof("directory filled: %d accounts, %d MB", ACCOUNTS, listingBytes >> 20);
        long desiredBytes = publishDesiredState();
        long heap = Runtime.getRuntime().maxMemory();
        LOG.infof("desired state published: %d MB; heap at most %d MB", desiredBytes >> 20, heap >> 20);
        assertThat(listingBytes).as("the directory's accounts, in bytes, against the heap").isGreaterThan(heap);
        assertThat(desiredBytes).as("the desired state, in bytes, against the heap").isGreaterThan(heap);

        String operator = TestTokens.withRoles("ops-user", Roles.OPERATOR);
        String runId = given().auth().oauth2(operator).queryParam("mode", "report")
                .when().post("/api/v1/targets/" + TARGET + "/reconciliations")
                .then().statusCode(202).extract().path("runId");
        JsonPath report = await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofSeconds(2)).until(
                () -> given().auth().oauth2(operator).queryParam("limit", 1)
                        .when().get("/api/v1/reconciliations/" + runId).then().statusCode(200).extract().jsonPath(),
                r -> !r.getString("status").equals("RUNNING"));

        LOG.infof("reconciliation %s ended: %s", runId, report.prettify());
        assertThat(report.getString("status")).as(report.prettify()).isEqualTo("COMPLETED");
        assertThat(report.getLong("progress.accountsRead")).isEqualTo(ACCOUNTS);
        assertThat(report.getInt("counts.ORPHAN")).isEqualTo(ACCOUNTS / ORPHAN_EVERY);
        assertThat(report.getInt("counts.ATTRIBUTE_DRIFT")).isEqualTo(ACCOUNTS / DRIFT_EVERY);
        assertThat(report.getInt("counts.MISSING")).isEqualTo(MISSING);
        assertThat(report.getInt("counts.STATE_DRIFT")).isZero();
        assertThat(report.getInt("counts.GROUP_DRIFT")).isZero();
        assertThat(report.getInt("counts.PENDING")).isZero();
    }

    /** Adds the accounts straight to the directory, four connections at a time; returns their size in bytes. */
    private long fillDirectory() throws Exception {
        AtomicLong bytes = new AtomicLong();
        int threads = 4;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> loaders = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int first = t;
                loaders.add(pool.submit(() -> {
                    try (LDAPConnection ldap = OpenLdapServer.get().connect()) {
                        for (int i = first; i < ACCOUNTS; i += threads) {
                            String description = description(i, i % DRIFT_EVERY == 1);
                            ldap.add(new Entry("uid=" + account(i) + "," + OpenLdapServer.PEOPLE_DN,
                                    new com.unboundid.ldap.sdk.Attribute("objectClass", "inetOrgPerson"),
                                    new com.unboundid.ldap.sdk.Attribute("uid", account(i)),
                                    new com.unboundid.ldap.sdk.Attribute("cn", "Large " + i),
                                    new com.unboundid.ldap.sdk.Attribute("sn", "Large"),
                                    new com.unboundid.ldap.sdk.Attribute("description", description)));
                            bytes.addAndGet(description.length());
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> loader : loaders) {
                loader.get();
            }
        } finally {
            pool.shutdownNow();
        }
        return bytes.get();
    }

    /**
     * Publishes each identity's desired account to the target's desired-state topic, as policy-service
     * does, and records each as applied (so none is taken as still on its way); returns their size in bytes.
     */
    private long publishDesiredState() throws Exception {
        long bytes = 0;
        List<String> applied = new ArrayList<>();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of("bootstrap.servers", kafka,
                "linger.ms", "20", "batch.size", "262144", "compression.type", "lz4"),
                new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < ACCOUNTS + MISSING; i++) {
                if (i < ACCOUNTS && i % ORPHAN_EVERY == 0) {
                    continue;
                }
                String account = i < ACCOUNTS ? account(i) : "gone-" + i;
                ProvisioningCommand desired = new ProvisioningCommand("cmd-" + account, "evt-" + account,
                        "W-" + account, TARGET, account, 1, AccountState.PRESENT,
                        Map.of("cn", List.of("Large " + i), "sn", List.of("Large"),
                                "description", List.of(description(i, false))),
                        List.of(), List.of(), Map.of(), 1, "JOINER", Instant.now());
                String json = MAPPER.writeValueAsString(desired);
                bytes += json.length();
                producer.send(new ProducerRecord<>(Topics.desired(TARGET), desired.workerId(), json));
                applied.add(account);
                if (applied.size() == 1000) {
                    markApplied(applied);
                    applied.clear();
                }
            }
            producer.flush();
        }
        markApplied(applied);
        return bytes;
    }

    private void markApplied(List<String> accounts) throws Exception {
        try (Connection c = dataSource.getConnection();
                PreparedStatement insert = c.prepareStatement(
                        "insert into account_sequence (target_id, account_id, last_sequence) values (?, ?, 1)")) {
            for (String account : accounts) {
                insert.setString(1, TARGET);
                insert.setString(2, account);
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    private static String account(int i) {
        return "large-" + i;
    }

    /** A description of {@value #DESCRIPTION_CHARS} characters, different per account; another one where drifted. */
    private static String description(int i, boolean drifted) {
        StringBuilder text = new StringBuilder(DESCRIPTION_CHARS);
        text.append(drifted ? "changed by hand " : "kept by the product ").append(i).append(' ');
        while (text.length() < DESCRIPTION_CHARS) {
            text.append((char) ('a' + (text.length() * 31 + i) % 26));
        }
        text.setLength(DESCRIPTION_CHARS);
        return text.toString();
    }
}
