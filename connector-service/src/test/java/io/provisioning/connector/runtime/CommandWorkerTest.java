package io.provisioning.connector.runtime;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.LDAPConnection;
import io.provisioning.connector.store.CommandLog;
import io.provisioning.connector.store.CompletedCommand;
import io.provisioning.contracts.Json;
import io.provisioning.contracts.Topics;
import io.provisioning.contracts.command.AccountState;
import io.provisioning.contracts.command.AppliedChange;
import io.provisioning.contracts.command.ChangeKind;
import io.provisioning.contracts.command.OutcomeStatus;
import io.provisioning.contracts.command.Headers;
import io.provisioning.contracts.command.ProvisioningCommand;
import io.provisioning.contracts.command.ProvisioningOutcome;
import io.provisioning.testsupport.EmbeddedPostgresResource;
import io.provisioning.testsupport.KafkaResource;
import io.provisioning.testsupport.OpenLdapResource;
import io.provisioning.testsupport.OpenLdapServer;
import io.provisioning.testsupport.Roles;
import io.provisioning.testsupport.TestTokens;
import io.provisioning.testsupport.TopicProbe;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Commands through Kafka to a real OpenLDAP (target corp-ldap) and to two stand-in directories
 * that start down, outcomes and dead letters back through Kafka, the dead-letter API, and no
 * secret anywhere on the way.
 */
@QuarkusTest
@WithTestResource(value = KafkaResource.class, initArgs = @ResourceArg(name = "targets", value = "corp-ldap,retry-ldap,down-ldap"))
@WithTestResource(EmbeddedPostgresResource.class)
@WithTestResource(OidcWiremockTestResource.class)
@WithTestResource(OpenLdapResource.class)
@WithTestResource(StandInTargetsResource.class)
class CommandWorkerTest {

    private static final ObjectMapper MAPPER = Json.mapper();
    private static final List<String> MANAGED = List.of("all-staff", "engineering", "sales");
    private static LogCapture logs;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String kafka;

    @Inject
    CommandLog commandLog;

    @ConfigProperty(name = "provisioning.targets.retry-ldap.url")
    String retryTargetUrl;

    @ConfigProperty(name = "provisioning.targets.down-ldap.url")
    String downTargetUrl;

    @BeforeAll
    static void captureLogs() {
        logs = LogCapture.install();
    }

    @Test
    void aCreateCommandBecomesAnAccountInItsGroupsAndAnAppliedOutcomeSaysExactlyWhat() throws Exception {
        String account = uid();
        ProvisioningCommand command = command("corp-ldap", account, 1, AccountState.PRESENT, "Ada", "Lovelace",
                List.of("all-staff", "engineering"));

        publish(command);

        ProvisioningOutcome outcome = awaitOutcome(command.commandId(), OutcomeStatus.APPLIED);
        assertThat(outcome.attempt()).isEqualTo(1);
        assertThat(outcome.state()).isEqualTo(AccountState.PRESENT);
        assertThat(outcome.groups()).containsExactly("all-staff", "engineering");
        assertThat(outcome.changes()).contains(AppliedChange.of(ChangeKind.ACCOUNT_CREATED),
                new AppliedChange(ChangeKind.ATTRIBUTE_SET, "sn", List.of("Lovelace")),
                AppliedChange.of(ChangeKind.GROUP_ADDED, "all-staff"),
                AppliedChange.of(ChangeKind.GROUP_ADDED, "engineering"));
        Entry entry = ldapEntry(account);
        assertThat(entry.getAttributeValue("cn")).isEqualTo("Ada Lovelace");
        assertThat(entry.getAttributeValues("memberOf")).containsExactlyInAnyOrder(
                "cn=all-staff,ou=groups,dc=example,dc=com", "cn=engineering,ou=groups,dc=example,dc=com");
    }

    @Test
    void theCommandLogKeepsEachCommandsLastOutcomeAndEachAccountsNewestSequenceWhenOneCallNamesThemTwice() {
        // the log's batches go to PostgreSQL as multi-row upserts, which may not touch a row twice
        String account = uid();
        String retried = "c1-" + account;
        String newest = "c2-" + account;
        String older = "c3-" + account;
        commandLog.record(List.of(
                settled(retried, account, 4, "FAILED"),
                settled(newest, account, 7, "APPLIED"),
                settled(older, account, 5, "APPLIED"),
                settled(retried, account, 4, "APPLIED")));

        assertThat(commandLog.statuses(List.of(retried, newest, older)))
                .isEqualTo(Map.of(retried, "APPLIED", newest, "APPLIED", older, "APPLIED"));
        assertThat(commandLog.lastSequences("corp-ldap", List.of(account))).isEqualTo(Map.of(account, 7L));
    }

    @Test
    void theMetricsSayHowLongTheBatchesOfATargetSpentInEachPhase() {
        ProvisioningCommand command = command("corp-ldap", uid(), 1, AccountState.PRESENT, "Pha", "Ses",
                List.of("all-staff"));

        publish(command);

        awaitOutcome(command.commandId(), OutcomeStatus.APPLIED);
        // settling ends after the outcome is acknowledged: the metric follows shortly
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            String metrics = given().when().get("/q/metrics").then().statusCode(200).extract().asString();
            for (String phase : List.of("poll", "receive", "accounts", "groups", "report", "settle", "commit")) {
                assertThat(metrics).containsPattern("provisioning_connector_batch_phase_seconds_count\\{[^}]*phase=\""
                        + phase + "\",target=\"corp-ldap\"} [1-9]");
            }
        });
    }

    @Test
    void anOutcomeCarriesTheTimeSinceTheHrEventWasAcceptedAndTheMetricsHaveItsHistogram() throws Exception {
        ProvisioningCommand command = command("corp-ldap", uid(), 1, AccountState.PRESENT, "Lat", "Ency", List.of());
        Instant accepted = Instant.now().minusSeconds(2);

        // the acceptance time travels in a header beside the command, as the outbox relay sends it
        TopicProbe.publish(kafka, Topics.commands(command.targetId()), command.workerId(),
                MAPPER.writeValueAsString(command), Map.of(Headers.ACCEPTED_AT, Headers.value(accepted)));

        ProvisioningOutcome outcome = awaitOutcome(command.commandId(), OutcomeStatus.APPLIED);
        assertThat(outcome.endToEndMillis()).isNotNull().isBetween(2000L,
                Instant.now().toEpochMilli() - accepted.toEpochMilli());
        given().when().get("/q/metrics").then().statusCode(200)
                .body(org.hamcrest.Matchers.containsString("provisioning_end_to_end_latency_seconds_bucket{target=\"corp-ldap\""));
    }

    @Test
    void aCommandWithoutAnAcceptanceHeaderReportsNoEndToEndLatency() {
        ProvisioningCommand command = command("corp-ldap", uid(), 1, AccountState.PRESENT, "No", "Header", List.of());

        publish(command);

        // a scheduled action's, a reconciliation's or a policy change's command: no HR event started it
        assertThat(awaitOutcome(command.commandId(), OutcomeStatus.APPLIED).endToEndMillis()).isNull();
    }

    @Test
    void theSameCommandDeliveredAgainChangesNothingAndIsNotReportedTwice() throws Exception {
        ProvisioningCommand command = command("corp-ldap", uid(), 1, AccountState.PRESENT, "Alan", "Turing",
                List.of("all-staff"));
        publish(command);
        awaitOutcome(command.commandId(), OutcomeStatus.APPLIED);

        publish(command);
        ProvisioningCommand marker = command("corp-ldap", uid(), 1, AccountState.PRESENT, "Mark", "Er", List.of());
        publish(marker);
        awaitOutcome(marker.commandId(), OutcomeStatus.APPLIED);

        assertThat(outcomesOf(command.commandId())).hasSize(1);
    }

    @Test
    void anExistingAccountCarryingTheWorkersIdIsLinkedAndOnlyItsManagedGroupsAreConverged() throws Exception {
        String account = uid();
        try (LDAPConnection ldap = OpenLdapServer.get().connect()) {
            ldap.add(new Entry("dn: uid=" + account + ",ou=people,dc=example,dc=com", "objectClass: inetOrgPerson",
                    "uid: " + account, "cn: Grace Old", "sn: Old", "employeeNumber: W-" + account));
        }
        ProvisioningCommand seed = groupsOnly("corp-ldap", account, List.of("sales", "vpn-users"));
        try (LDAPConnection ldap = OpenLdapServer.get().connect()) {
            for (String group : seed.groups()) {
                ldap.add(new Entry("dn: cn=" + group + "-" + account + ",ou=groups,dc=example,dc=com",
                        "objectClass: groupOfNames", "cn: " + group + "-" + account,
                        "member: uid=" + account + ",ou=people,dc=example,dc=com"));
            }
        }
        String sales = "sales-" + account;
        String vpn = "vpn-users-" + account;
        String engineering = "engineering-" + account;
        ProvisioningCommand command = new ProvisioningCommand(UUID.randomUUID().toString(), "evt-" + account,
                "W-" + account, "corp-ldap", account, 1, AccountState.PRESENT,
                Map.of("cn", List.of("Grace Hopper"), "sn", List.of("Hopper")),
                List.of(engineering), List.of(engineering, sales), Map.of(), 1, "MOVER", Instant.now());

        publish(command);

        ProvisioningOutcome outcome = awaitOutcome(command.commandId(), OutcomeStatus.APPLIED);
        assertThat(outcome.changes()).doesNotContain(AppliedChange.of(ChangeKind.ACCOUNT_CREATED))
                .contains(new AppliedChange(ChangeKind.ATTRIBUTE_SET, "cn", List.of("Grace Hopper")),
                        AppliedChange.of(ChangeKind.GROUP_REMOVED, sales),
                        AppliedChange.of(ChangeKind.GROUP_ADDED, engineering));
        assertThat(outcome.groups()).containsExactly(engineering);
        assertThat(ldapEntry(account).getAttributeValues("memberOf")).containsExactlyInAnyOrder(
                "cn=" + vpn + ",ou=groups,dc=example,dc=com", "cn=" + engineering + ",ou=groups,dc=example,dc=com");
    }

    @Test
    void anAccountMadeByHandUnderAHiresNameIsNeverTakenOverAndTheConflictIsListed() throws Exception {
        String account = uid();
        try (LDAPConnection ldap = OpenLdapServer.get().connect()) {
            ldap.add(new Entry("dn: uid=" + account + ",ou=people,dc=example,dc=com", "objectClass: inetOrgPerson",
                    "uid: " + account, "cn: Someone Else", "sn: Else", "employeeNumber: E-SOMEONE-ELSE",
                    "mail: someone@example.com"));
        }
        ProvisioningCommand hire = new ProvisioningCommand(UUID.randomUUID().toString(), "evt-" + account,
                "W-" + account, "corp-ldap", account, 1, AccountState.PRESENT,
                Map.of("cn", List.of("New Hire"), "sn", List.of("Hire"), "employeeNumber", List.of("W-" + account),
                        "mail", List.of(account + "@example.com")), List.of(), MANAGED, Map.of(), 1, "JOINER", Instant.now());

        publish(hire);

        ProvisioningOutcome conflict = awaitOutcome(hire.commandId(), OutcomeStatus.CONFLICT);
        assertThat(conflict.errorCode()).isEqualTo("NAME_CONFLICT");
        assertThat(conflict.changes()).isEmpty();
        assertThat(ldapEntry(account).getAttributeValue("employeeNumber")).isEqualTo("E-SOMEONE-ELSE");
        assertThat(ldapEntry(account).getAttributeValue("mail")).isEqualTo("someone@example.com");
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().auth().oauth2(operator())
                .queryParam("targetId", "corp-ldap").when().get("/api/v1/dead-letters")
                .then().statusCode(200).body("items.commandId", hasItems(hire.commandId())));
    }

    @Test
    void recordsWithANulOrAnOversizedIdAreDeadLetteredAndTheNextCommandIsApplied() throws Exception {
        String account = uid();
        TopicProbe.publish(kafka, Topics.commands("corp-ldap"), "poison\u0000key", "{\"a\":\"\u0000\"}");
        ProvisioningCommand oversized = new ProvisioningCommand("c".repeat(300), "evt", "W-" + account, "corp-ldap",
                account, 1, AccountState.PRESENT, Map.of("cn", List.of("Over Size"), "sn", List.of("Size")), List.of(),
                MANAGED, Map.of(), 1, "JOINER", Instant.now());
        publish(oversized);
        ProvisioningCommand next = command("corp-ldap", account, 2, AccountState.PRESENT, "Nel", "Next", List.of());

        publish(next);

        awaitOutcome(next.commandId(), OutcomeStatus.APPLIED);
        assertThat(ldapEntry(account).getAttributeValue("cn")).isEqualTo("Nel Next");
        Map<String, String> reasonByKey = await().atMost(Duration.ofSeconds(20)).until(
                () -> TopicProbe.readAll(kafka, Topics.deadLetter(Topics.commands("corp-ldap"))).stream()
                        .filter(r -> "poison\u0000key".equals(r.key()) || r.value().contains(oversized.commandId()))
                        .filter(r -> header(r, "dead-letter-code").equals("INVALID_COMMAND"))
                        .collect(java.util.stream.Collectors.toMap(ConsumerRecord::key,
                                r -> header(r, "dead-letter-reason"), (a, b) -> a)),
                found -> found.size() == 2);
        assertThat(reasonByKey.get("poison\u0000key")).startsWith("not a provisioning command for corp-ldap: not a command")
                .doesNotContain("\u0000");
        assertThat(reasonByKey.get(oversized.workerId())).contains("at most 256 characters");
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? "" : new String(header.value(), StandardCharsets.UTF_8);
    }

    @Test
    void aCommandOlderThanTheLastAppliedIsANoopThatChangesNothing() throws Exception {
        String account = uid();
        ProvisioningCommand newer = command("corp-ldap", account, 5, AccountState.PRESENT, "Barbara", "Liskov",
                List.of("all-staff"));
        publish(newer);
        awaitOutcome(newer.commandId(), OutcomeStatus.APPLIED);

        ProvisioningCommand older = command("corp-ldap", account, 4, AccountState.DISABLED, "Barbara", "Old",
                List.of());
        publish(older);

        ProvisioningOutcome outcome = awaitOutcome(older.commandId(), OutcomeStatus.NOOP);
        assertThat(outcome.errorCode()).isEqualTo("STALE_SEQUENCE");
        assertThat(outcome.state()).isEqualTo(AccountState.PRESENT);
        assertThat(outcome.changes()).isEmpty();
        assertThat(ldapEntry(account).getAttributeValue("sn")).isEqualTo("Liskov");
        assertThat(ldapEntry(account).hasAttribute("pwdAccountLockedTime")).isFalse();
    }

    @Test
    void aLeaverIsDisabledThenDeletedWithItsManagedGroups() throws Exception {
        String account = uid();
        publish(command("corp-ldap", account, 1, AccountState.PRESENT, "Leo", "Leaver", List.of("all-staff")));
        ProvisioningCommand disable = command("corp-ldap", account, 2, AccountState.DISABLED, "Leo", "Leaver",
                List.of());
        publish(disable);

        ProvisioningOutcome disabled = awaitOutcome(disable.commandId(), OutcomeStatus.APPLIED);
        assertThat(disabled.changes()).contains(AppliedChange.of(ChangeKind.ACCOUNT_DISABLED),
                AppliedChange.of(ChangeKind.GROUP_REMOVED, "all-staff"));
        assertThat(ldapEntry(account).getAttributeValue("pwdAccountLockedTime")).isEqualTo("000001010000Z");

        ProvisioningCommand delete = new ProvisioningCommand(UUID.randomUUID().toString(), "evt-del", "W-" + account,
                "corp-ldap", account, 3, AccountState.ABSENT, Map.of(), List.of(), MANAGED, Map.of(), 1, "LEAVER",
                Instant.now());
        publish(delete);

        ProvisioningOutcome deleted = awaitOutcome(delete.commandId(), OutcomeStatus.APPLIED);
        assertThat(deleted.state()).isEqualTo(AccountState.ABSENT);
        assertThat(deleted.changes()).containsExactly(AppliedChange.of(ChangeKind.ACCOUNT_DELETED));
        try (LDAPConnection ldap = OpenLdapServer.get().connect()) {
            assertThat(ldap.getEntry("uid=" + account + ",ou=people,dc=example,dc=com")).isNull();
        }
    }

    @Test
    void aCommandNamingAGroupTheTargetDidNotHandOverIsDeadLetteredAndLeavesTheDirectoryAsItWas() throws Exception {
        String account = uid();
        ProvisioningCommand hire = command("corp-ldap", account, 1, AccountState.PRESENT, "Mal", "Lory",
                List.of("all-staff"));
        publish(hire);
        awaitOutcome(hire.commandId(), OutcomeStatus.APPLIED);
        // two groups of the directory's own, never handed to the product: the account is in one of them
        String admins = "domain-admins-" + account;
        String operators = "server-operators-" + account;
        String accountDn = "uid=" + account + ",ou=people,dc=example,dc=com";
        try (LDAPConnection ldap = OpenLdapServer.get().connect()) {
            ldap.add(new Entry("dn: cn=" + admins + ",ou=groups,dc=example,dc=com", "objectClass: groupOfNames",
                    "cn: " + admins, "member: cn=admin,dc=example,dc=com"));
            ldap.add(new Entry("dn: cn=" + operators + ",ou=groups,dc=example,dc=com", "objectClass: groupOfNames",
                    "cn: " + operators, "member: " + accountDn));
        }
        Map<String, List<String>> attributes = Map.of("cn", List.of("Mal Lory"), "sn", List.of("Lory"));
        ProvisioningCommand intoAdmins = new ProvisioningCommand(UUID.randomUUID().toString(), "forged", "W-" + account,
                "corp-ldap", account, 2, AccountState.PRESENT, attributes, List.of("all-staff", admins),
                List.of("all-staff", admins), Map.of(), 1, "MOVER", Instant.now());
        ProvisioningCommand outOfOperators = new ProvisioningCommand(UUID.randomUUID().toString(), "forged",
                "W-" + account, "corp-ldap", account, 3, AccountState.PRESENT, attributes, List.of("all-staff"),
                List.of("all-staff", operators), Map.of(), 1, "MOVER", Instant.now());

        publish(intoAdmins);
        publish(outOfOperators);

        for (ProvisioningCommand refused : List.of(intoAdmins, outOfOperators)) {
            ProvisioningOutcome failed = awaitOutcome(refused.commandId(), OutcomeStatus.FAILED);
            assertThat(failed.errorCode()).isEqualTo("GROUP_NOT_MANAGED");
            assertThat(failed.error()).contains("provisioning.targets.corp-ldap.managed-groups");
            assertThat(failed.changes()).isEmpty();
            assertThat(failed.attempt()).isZero();
            ConsumerRecord<String, String> dead = await().atMost(Duration.ofSeconds(20)).until(
                    () -> TopicProbe.readAll(kafka, Topics.deadLetter(Topics.commands("corp-ldap"))).stream()
                            .filter(r -> r.value().contains(refused.commandId())).findFirst().orElse(null),
                    r -> r != null);
            assertThat(new String(dead.headers().lastHeader("dead-letter-code").value(), StandardCharsets.UTF_8))
                    .isEqualTo("GROUP_NOT_MANAGED");
        }
        assertThat(failedOutcome(intoAdmins).error()).contains("'" + admins + "'");
        assertThat(failedOutcome(outOfOperators).error()).contains("'" + operators + "'");
        assertThat(ldapEntry(account).getAttributeValues("memberOf")).containsExactlyInAnyOrder(
                "cn=all-staff,ou=groups,dc=example,dc=com", "cn=" + operators + ",ou=groups,dc=example,dc=com");
        // what the target hands over is there for an operator to compare with the policy
        given().auth().oauth2(operator()).when().get("/api/v1/targets").then().statusCode(200)
                .body("find { it.id == 'corp-ldap' }.managedGroups",
                        equalTo(List.of("all-staff", "engineering*", "sales*", "rec-*")));
        // the refused commands moved nothing on: the policy's next command for the account is applied
        ProvisioningCommand next = command("corp-ldap", account, 4, AccountState.PRESENT, "Mal", "Lory",
                List.of("all-staff", "engineering"));
        publish(next);
        assertThat(awaitOutcome(next.commandId(), OutcomeStatus.APPLIED).groups())
                .containsExactlyInAnyOrder("all-staff", "engineering");
    }

    private ProvisioningOutcome failedOutcome(ProvisioningCommand command) {
        return outcomesOf(command.commandId()).stream().filter(o -> o.status() == OutcomeStatus.FAILED).findFirst()
                .orElseThrow();
    }

    @Test
    void aValueTheTargetRefusesFailsAtOnceIntoTheDeadLetterTopicAndTheApi() throws Exception {
        String account = uid();
        ProvisioningCommand command = new ProvisioningCommand(UUID.randomUUID().toString(), "evt-bad", "W-" + account,
                "corp-ldap", account, 1, AccountState.PRESENT,
                Map.of("cn", List.of("Zoë Bad"), "sn", List.of("Bad"), "mail", List.of("zoë@example.com")),
                List.of(), MANAGED, Map.of(), 1, "JOINER", Instant.now());

        publish(command);

        ProvisioningOutcome failed = awaitOutcome(command.commandId(), OutcomeStatus.FAILED);
        assertThat(failed.attempt()).isEqualTo(1);
        assertThat(failed.errorCode()).isEqualTo("INVALID_ATTRIBUTE");
        assertThat(outcomesOf(command.commandId())).noneMatch(o -> o.status() == OutcomeStatus.RETRYING);
        ConsumerRecord<String, String> dead = await().atMost(Duration.ofSeconds(20)).until(
                () -> TopicProbe.readAll(kafka, Topics.deadLetter(Topics.commands("corp-ldap"))).stream()
                        .filter(r -> r.value().contains(command.commandId())).findFirst().orElse(null),
                r -> r != null);
        assertThat(new String(dead.headers().lastHeader("dead-letter-code").value(), StandardCharsets.UTF_8))
                .isEqualTo("INVALID_ATTRIBUTE");

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().auth().oauth2(operator())
                .queryParam("targetId", "corp-ldap")
                .when().get("/api/v1/dead-letters")
                .then().statusCode(200)
                .body("items.commandId", hasItems(command.commandId())));

        given().auth().oauth2(operator()).when().post("/api/v1/dead-letters/" + command.commandId() + "/retry")
                .then().statusCode(202).body("status", equalTo("RETRIED")).body("retryCount", equalTo(1))
                .body("retriedBy", equalTo("ops-user"));
        // the value is still refused: the command fails again and its dead letter is open again
        await().atMost(Duration.ofSeconds(20)).until(() -> outcomesOf(command.commandId()).stream()
                .filter(o -> o.status() == OutcomeStatus.FAILED).count() == 2);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().auth().oauth2(operator())
                .when().get("/api/v1/dead-letters?status=ALL&targetId=corp-ldap")
                .then().statusCode(200)
                .body("items.find { it.commandId == '" + command.commandId() + "' }.status", equalTo("OPEN")));
    }

    @Test
    void anUnreachableTargetIsRetriedWithBackoffUntilItAnswers() throws Exception {
        String account = uid();
        ProvisioningCommand command = command("retry-ldap", account, 1, AccountState.PRESENT, "Rita", "Retry",
                List.of("all-staff"));

        publish(command);
        awaitOutcome(command.commandId(), OutcomeStatus.RETRYING);

        try (StandInDirectory directory = StandInDirectory.startAt(retryTargetUrl, StandInTargetsResource.RETRY_PASSWORD)) {
            ProvisioningOutcome applied = awaitOutcome(command.commandId(), OutcomeStatus.APPLIED);
            assertThat(applied.attempt()).isGreaterThan(1);
            assertThat(directory.hasEntry("uid=" + account + ",ou=people,dc=example,dc=com")).isTrue();
        }
    }

    @Test
    void aTargetThatIsDownHoldsUpOnlyItsOwnCommandsAndItsDeadLetterCanBeReRun() throws Exception {
        ProvisioningCommand stuck = command("down-ldap", uid(), 1, AccountState.PRESENT, "Dan", "Down", List.of());
        ProvisioningCommand flowing = command("corp-ldap", uid(), 1, AccountState.PRESENT, "Flo", "Flowing",
                List.of("all-staff"));
        publish(stuck);
        publish(flowing);

        awaitOutcome(flowing.commandId(), OutcomeStatus.APPLIED);
        ProvisioningOutcome failed = awaitOutcome(stuck.commandId(), OutcomeStatus.FAILED);
        assertThat(failed.attempt()).isEqualTo(2);
        assertThat(failed.errorCode()).isEqualTo("CONNECTION_FAILED");

        try (StandInDirectory directory = StandInDirectory.startAt(downTargetUrl, StandInTargetsResource.DOWN_PASSWORD)) {
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().auth().oauth2(operator())
                    .when().get("/api/v1/dead-letters?targetId=down-ldap")
                    .then().statusCode(200).body("items.commandId", hasItems(stuck.commandId())));
            given().auth().oauth2(operator()).when().post("/api/v1/dead-letters/" + stuck.commandId() + "/retry")
                    .then().statusCode(202);

            awaitOutcome(stuck.commandId(), OutcomeStatus.APPLIED);
            assertThat(directory.hasEntry("uid=" + stuck.accountId() + ",ou=people,dc=example,dc=com")).isTrue();
            given().auth().oauth2(operator()).when().post("/api/v1/dead-letters/" + stuck.commandId() + "/retry")
                    .then().statusCode(409).contentType("application/problem+json");
        }
    }

    @Test
    void noSecretAppearsInAnyLogLineOutcomeOrDeadLetter() throws Exception {
        // a command to each target, so that every connector has logged in (or failed to) at least once
        ProvisioningCommand command = command("corp-ldap", uid(), 1, AccountState.PRESENT, "Sam", "Secret", List.of());
        publish(command);
        ProvisioningCommand down = command("down-ldap", uid(), 1, AccountState.PRESENT, "Dee", "Down", List.of());
        publish(down);
        awaitOutcome(command.commandId(), OutcomeStatus.APPLIED);
        await().atMost(Duration.ofSeconds(30)).until(() -> !outcomesOf(down.commandId()).isEmpty());

        List<String> secrets = List.of(OpenLdapServer.ADMIN_PASSWORD, StandInTargetsResource.RETRY_PASSWORD,
                StandInTargetsResource.DOWN_PASSWORD);
        assertThat(logs.lines()).isNotEmpty();
        for (String secret : secrets) {
            assertThat(logs.lines()).noneMatch(line -> line.contains(secret));
            assertThat(TopicProbe.readAll(kafka, Topics.OUTCOMES)).noneMatch(r -> r.value().contains(secret));
            given().auth().oauth2(operator()).when().get("/api/v1/dead-letters?status=ALL&limit=500")
                    .then().statusCode(200).body(org.hamcrest.Matchers.not(org.hamcrest.Matchers.containsString(secret)));
            given().auth().oauth2(operator()).when().get("/api/v1/targets")
                    .then().statusCode(200).body(org.hamcrest.Matchers.not(org.hamcrest.Matchers.containsString(secret)));
        }
    }

    @Test
    void theTargetsListShowsEachTargetsTypeHealthCircuitAndCounts() {
        ProvisioningCommand command = command("corp-ldap", uid(), 1, AccountState.PRESENT, "Tia", "Targets", List.of());
        publish(command);
        awaitOutcome(command.commandId(), OutcomeStatus.APPLIED);

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().auth().oauth2(operator())
                .when().get("/api/v1/targets")
                .then().statusCode(200)
                .body("find { it.id == 'corp-ldap' }.type", equalTo("ldap"))
                .body("find { it.id == 'corp-ldap' }.health", equalTo("UP"))
                .body("find { it.id == 'corp-ldap' }.circuit", equalTo("CLOSED"))
                .body("find { it.id == 'corp-ldap' }.applied", org.hamcrest.Matchers.greaterThanOrEqualTo(1))
                .body("id", hasItems("corp-ldap", "retry-ldap", "down-ldap")));
    }

    @Test
    void theOperatorApiNeedsAnOperatorToken() {
        given().when().get("/api/v1/targets").then().statusCode(401);
        given().auth().oauth2(TestTokens.withRoles("auditor-user", Roles.AUDITOR))
                .when().get("/api/v1/dead-letters").then().statusCode(403);
        given().auth().oauth2(operator()).when().post("/api/v1/dead-letters/no-such-command/retry")
                .then().statusCode(404).contentType("application/problem+json");
        given().auth().oauth2(operator()).when().get("/api/v1/dead-letters?status=LOST")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].pointer", equalTo("/status"));
    }

    private static String operator() {
        return TestTokens.withRoles("ops-user", Roles.OPERATOR);
    }

    private static CompletedCommand settled(String commandId, String account, long sequence, String status) {
        boolean failed = status.equals("FAILED");
        return new CompletedCommand(commandId, "corp-ldap", "W-" + account, account, sequence, status, 1,
                failed ? "REFUSED" : null, failed ? "refused" : null, "{}");
    }

    private static String uid() {
        return "t" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    }

    private static ProvisioningCommand command(String target, String account, long sequence, AccountState state,
            String given, String family, List<String> groups) {
        return new ProvisioningCommand(UUID.randomUUID().toString(), "evt-" + UUID.randomUUID(), "W-" + account,
                target, account, sequence, state,
                Map.of("cn", List.of(given + " " + family), "sn", List.of(family), "givenName", List.of(given)),
                groups, MANAGED, Map.of(), 1, "JOINER", Instant.now());
    }

    private static ProvisioningCommand groupsOnly(String target, String account, List<String> groups) {
        return new ProvisioningCommand("seed", "seed", "W", target, account, 0, AccountState.PRESENT, Map.of(),
                groups, groups, Map.of(), 0, "SEED", Instant.now());
    }

    private void publish(ProvisioningCommand command) {
        try {
            TopicProbe.publish(kafka, Topics.commands(command.targetId()), command.workerId(),
                    MAPPER.writeValueAsString(command));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private List<ProvisioningOutcome> outcomesOf(String commandId) {
        return OutcomeProbe.outcomesOf(kafka, commandId);
    }

    private ProvisioningOutcome awaitOutcome(String commandId, OutcomeStatus status) {
        return OutcomeProbe.awaitOutcome(kafka, commandId, status);
    }

    private static Entry ldapEntry(String account) throws Exception {
        try (LDAPConnection ldap = OpenLdapServer.get().connect()) {
            return ldap.getEntry("uid=" + account + ",ou=people,dc=example,dc=com", "*", "+");
        }
    }
}
