package io.provisioning.policy;

import static io.provisioning.policy.HrStory.OPERATOR;
import static io.provisioning.policy.HrStory.commands;
import static io.provisioning.policy.HrStory.dated;
import static io.provisioning.policy.HrStory.identity;
import static io.provisioning.policy.HrStory.identityStatus;
import static io.provisioning.policy.HrStory.newWorker;
import static io.provisioning.policy.HrStory.publish;
import static io.provisioning.policy.HrStory.publishWithId;
import static io.provisioning.policy.HrStory.worker;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;

import io.provisioning.contracts.Topics;
import io.provisioning.contracts.command.Headers;
import io.provisioning.contracts.command.ProvisioningCommand;
import io.provisioning.policy.store.AccountEntity;
import io.provisioning.policy.store.IdentityRepository;
import io.provisioning.policy.store.IdentityEntity;
import io.provisioning.testsupport.EmbeddedPostgresResource;
import io.provisioning.testsupport.InJvmKafka;
import io.provisioning.testsupport.KafkaResource;
import io.provisioning.testsupport.Roles;
import io.provisioning.testsupport.TestTokens;
import io.provisioning.testsupport.TopicProbe;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Ordering, de-duplication, naming collisions, bad input and the identities API. */
@QuarkusTest
@WithTestResource(value = KafkaResource.class, initArgs = @ResourceArg(name = "targets", value = "corp-ldap"))
@WithTestResource(EmbeddedPostgresResource.class)
@WithTestResource(OidcWiremockTestResource.class)
class EventHandlingTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @Inject
    IdentityRepository batches;

    @Inject
    MutableClock clock;

    @Inject
    EntityManager em;

    private LocalDate today() {
        return LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
    }

    @Test
    void staleEventIsRecordedAndDoesNotRollBackAndADuplicateChangesNothing() {
        String w = newWorker("S");
        var t = clock.instant();
        publish("hr.worker.hired", w, t, worker(w, "Sam", "Stale", "EMPLOYEE", "Sales", today(), null, null));
        String update = UUID.randomUUID().toString();
        publishWithId(update, "hr.worker.updated", w, t.plusSeconds(60),
                worker(w, "Sam", "Stale", "EMPLOYEE", "Finance", today(), null, null));
        await().atMost(WAIT).until(() -> commands(w).size() == 2);

        publish("hr.worker.updated", w, t.plusSeconds(30), worker(w, "Sam", "Stale", "EMPLOYEE", "Legal", today(), null, null));
        publishWithId(update, "hr.worker.updated", w, t.plusSeconds(60),
                worker(w, "Sam", "Stale", "EMPLOYEE", "Finance", today(), null, null));

        await().atMost(WAIT).until(() -> identity(w).getList("history.kind").contains("STALE"));
        await().during(Duration.ofMillis(800)).atMost(WAIT).until(() -> commands(w).size() == 2);
        assertThat(identity(w).getString("attributes.department")).isEqualTo("Finance");
        assertThat(commands(w).get(1).groups()).containsExactly("all-staff", "finance");
        assertThat(identity(w).getList("ignoredEvents.reason", String.class))
                .singleElement().asString().contains("older than the last change applied");
        await().atMost(WAIT).untilAsserted(() -> assertThat(
                TopicProbe.readAll(InJvmKafka.bootstrapServers(), Topics.POLICY_CHANGES))
                .anyMatch(r -> r.value().contains("\"type\":\"hr.event-ignored\"") && r.value().contains(w)
                        && r.value().contains("\"lastAppliedId\":\"" + update + "\"")));
        given().auth().oauth2(OPERATOR).get("/q/metrics").then().statusCode(200)
                .body(org.hamcrest.Matchers.containsString("result=\"stale\""));
    }

    @Test
    void aTerminationStampedInTheSameSecondAsAnUpdateIsAppliedWhicheverIdSortsFirst() {
        List<String> workers = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            String w = newWorker("Q");
            workers.add(w);
            var t = clock.instant().minusSeconds(3600).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
            publish("hr.worker.hired", w, t.minusSeconds(60), worker(w, "Quinn", "Same", "EMPLOYEE", "Sales", today(), null, null));
            // ids chosen so that the termination's sorts before the update's for half of them
            String updateId = (i % 2 == 0 ? "z-" : "a-") + UUID.randomUUID();
            String terminationId = (i % 2 == 0 ? "a-" : "z-") + UUID.randomUUID();
            publishWithId(updateId, "hr.worker.updated", w, t, worker(w, "Quinn", "Same", "EMPLOYEE", "Legal", today(), null, null));
            publishWithId(terminationId, "hr.worker.terminated", w, t, dated(w, today()));
        }

        await().atMost(WAIT).untilAsserted(() -> assertThat(workers)
                .allSatisfy(w -> assertThat(identity(w).getString("lifecycle")).isEqualTo("TERMINATED")));
        assertThat(workers).allSatisfy(w -> {
            assertThat(identity(w).getList("history.kind")).doesNotContain("STALE");
            assertThat(commands(w).get(commands(w).size() - 1).state().name()).isEqualTo("DISABLED");
        });
    }

    @Test
    void futureHireIsScheduledDurablyAcrossApplicationStarts() {
        ScheduleAcrossRestarts.scheduleOrRun(clock);
    }

    @Test
    void aCommandCarriesWhenItsHrEventWasAcceptedInAHeaderForTheEndToEndLatency() {
        String w = newWorker("L");
        java.time.Instant before = java.time.Instant.now().minusMillis(5);
        publish("hr.worker.hired", w, clock.instant(), worker(w, "Lea", "Latency", "EMPLOYEE", "Sales", today(), null, null));

        await().atMost(WAIT).until(() -> commands(w).size() == 1);

        // the record time of the event on hr.events (here the test's own publish), in a header beside the command
        var record = TopicProbe.readAll(InJvmKafka.bootstrapServers(), Topics.commands("corp-ldap")).stream()
                .filter(r -> w.equals(r.key())).findFirst().orElseThrow();
        assertThat(Headers.instant(record.headers().lastHeader(Headers.ACCEPTED_AT).value()))
                .isNotNull().isBetween(before, java.time.Instant.now());
        assertThat(record.value()).doesNotContain("acceptedAt");
    }

    @Test
    void tenJohnSmithsGetTenDistinctStableAccountNames() {
        List<String> workers = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            String w = newWorker("JS");
            workers.add(w);
            publish("hr.worker.hired", w, clock.instant(), worker(w, "John", "Smith", "EMPLOYEE", "Operations", today(), null, null));
        }

        await().atMost(WAIT).until(() -> workers.stream().allMatch(w -> commands(w).size() == 1));
        Set<String> names = workers.stream().map(w -> commands(w).get(0).accountId()).collect(Collectors.toSet());
        assertThat(names).containsExactlyInAnyOrder("jsmith", "jsmith2", "jsmith3", "jsmith4", "jsmith5", "jsmith6",
                "jsmith7", "jsmith8", "jsmith9", "jsmith10");
    }

    @Test
    void workersNamedInOtherScriptsGetAsciiAccountNamesThatNeverChange() {
        String han = newWorker("U");
        String tifinagh = newWorker("T");
        publish("hr.worker.hired", han, clock.instant(), worker(han, "太郎", "山田", "EMPLOYEE", "IT", today(), null, null));
        publish("hr.worker.hired", tifinagh, clock.instant(), worker(tifinagh, "ⵜⴰⵙⴰ", "ⴰⵎⵣⵢⴰⵏ", "EMPLOYEE", "IT", today(), null, null));

        await().atMost(WAIT).until(() -> commands(han).size() == 1 && commands(tifinagh).size() == 1);
        String hanName = commands(han).get(0).accountId();
        assertThat(hanName).matches("[a-z0-9]+").startsWith("t");
        assertThat(commands(tifinagh).get(0).accountId()).matches("[a-z0-9]+");
        assertThat(identity(han).getString("error")).isNull();

        publish("hr.worker.updated", han, clock.instant().plusSeconds(1),
                worker(han, "花子", "鈴木", "EMPLOYEE", "Sales", today(), null, null));
        await().atMost(WAIT).until(() -> commands(han).size() == 2);
        assertThat(commands(han).get(1).accountId()).isEqualTo(hanName);
    }

    @Test
    void unknownManagerIsReportedButTheWorkerIsProvisioned() {
        String w = newWorker("N");
        publish("hr.worker.hired", w, clock.instant(), worker(w, "Nia", "Newhire", "EMPLOYEE", "Sales", today(), null, null)
                .replace("\"jobTitle\"", "\"managerId\":\"NO-SUCH-MANAGER\",\"jobTitle\""));

        await().atMost(WAIT).until(() -> commands(w).size() == 1);
        await().atMost(WAIT).until(() -> identity(w).getString("error") != null);
        assertThat(identity(w).getString("error")).isEqualTo("unknown manager NO-SUCH-MANAGER");
    }

    @Test
    void eventForAWorkerNeverHiredProvisionsNothing() {
        String w = newWorker("Z");
        publish("hr.worker.terminated", w, clock.instant(), HrStory.dated(w, today()));

        await().atMost(WAIT).untilAsserted(() -> assertThat(
                TopicProbe.readAll(InJvmKafka.bootstrapServers(), Topics.POLICY_CHANGES))
                .anyMatch(r -> r.value().contains("never hired") && r.value().contains(w)));
        assertThat(identityStatus(w)).isEqualTo(404);
    }

    @Test
    void identitiesAreListedByLifecycleAndDepartmentForOperators() {
        String w = newWorker("Q");
        publish("hr.worker.hired", w, clock.instant(), worker(w, "Quinn", "Query", "EMPLOYEE", "Marketing", today(), null, null));
        await().atMost(WAIT).until(() -> commands(w).size() == 1);

        given().auth().oauth2(OPERATOR).queryParam("lifecycle", "ACTIVE").queryParam("department", "Marketing")
                .queryParam("size", 500).get("/api/v1/identities")
                .then().statusCode(200).body("items.workerId", hasItem(w));
        given().auth().oauth2(OPERATOR).queryParam("lifecycle", "RETIRED").queryParam("size", 0).get("/api/v1/identities")
                .then().statusCode(400).contentType(startsWith("application/problem+json"))
                .body("errors.pointer", org.hamcrest.Matchers.containsInAnyOrder("/lifecycle", "/size"));
        String auditor = TestTokens.withRoles("carol", Roles.AUDITOR);
        given().auth().oauth2(auditor).get("/api/v1/identities/" + w).then().statusCode(200)
                .body("accounts[0].targetId", equalTo("corp-ldap")).body("accounts[0].status", equalTo("PENDING"));
        given().auth().oauth2(auditor).get("/api/v1/identities").then().statusCode(403);
        given().get("/api/v1/identities/" + w).then().statusCode(401);
        given().auth().oauth2(OPERATOR).get("/api/v1/identities/nobody").then().statusCode(404);
    }

    @Test
    void identitiesAreFoundByTheStartOfTheirWorkerIdOrPartOfTheirNameAndShowTheirTimeZone() {
        String w = newWorker("S");
        publish("hr.worker.hired", w, clock.instant(), worker(w, "Searchable", "Zebediah", "EMPLOYEE", "Marketing", today(), null, null));
        await().atMost(WAIT).until(() -> commands(w).size() == 1);

        given().auth().oauth2(OPERATOR).queryParam("q", "EBEDIAH").get("/api/v1/identities")
                .then().statusCode(200).body("total", equalTo(1)).body("items[0].workerId", equalTo(w))
                .body("items[0].name", equalTo("Searchable Zebediah"));
        given().auth().oauth2(OPERATOR).queryParam("q", w.toLowerCase(java.util.Locale.ROOT)).get("/api/v1/identities")
                .then().statusCode(200).body("items.workerId", hasItem(w));
        // LIKE's wildcards are taken literally: "_" does not stand for the "e"
        given().auth().oauth2(OPERATOR).queryParam("q", "z_bediah").get("/api/v1/identities")
                .then().statusCode(200).body("total", equalTo(0));
        given().auth().oauth2(OPERATOR).queryParam("q", "x".repeat(101)).get("/api/v1/identities")
                .then().statusCode(400).body("errors.pointer", hasItem("/q"));
        given().auth().oauth2(OPERATOR).get("/api/v1/identities/" + w)
                .then().statusCode(200).body("timeZone", equalTo("UTC"));
    }

    @Test
    void appliedOutcomeIsRecordedOnTheAccountAndAnOlderOneDoesNotOverwriteIt() {
        String w = newWorker("O");
        ProvisioningCommand command = hiredInSales(w, "Otto", "Outcome");

        TopicProbe.publish(InJvmKafka.bootstrapServers(), Topics.OUTCOMES, w, outcome(command, 1, "APPLIED", "PRESENT"));
        await().atMost(WAIT).until(() -> "ACTIVE".equals(identity(w).getString("accounts[0].status")));
        TopicProbe.publish(InJvmKafka.bootstrapServers(), Topics.OUTCOMES, w, outcome(command, 0, "FAILED", "PRESENT"));

        await().during(Duration.ofMillis(600)).atMost(WAIT)
                .until(() -> "ACTIVE".equals(identity(w).getString("accounts[0].status")));
        assertThat(identity(w).getList("accounts[0].groups")).containsExactly("all-staff", "sales");
    }

    @Test
    void anOutcomeOfACommandThisServiceNeverIssuedChangesNothingAndLaterOutcomesStillCount() {
        String w = newWorker("F");
        ProvisioningCommand command = hiredInSales(w, "Faye", "Forged");

        // a sequence far above the account's: a command someone else wrote to the target's topic
        TopicProbe.publish(InJvmKafka.bootstrapServers(), Topics.OUTCOMES, w,
                outcome(command, command.sequence() + 1_000_000, "FAILED", "PRESENT"));
        TopicProbe.publish(InJvmKafka.bootstrapServers(), Topics.OUTCOMES, w,
                outcome(command, command.sequence(), "APPLIED", "PRESENT"));

        await().atMost(WAIT).until(() -> "ACTIVE".equals(identity(w).getString("accounts[0].status")));
        assertThat(identity(w).getString("accounts[0].lastError")).isNull();
    }

    @Test
    void aNameTakenInTheTargetBySomeoneElsesAccountGivesTheWorkerTheNextFreeName() {
        String w = newWorker("K");
        ProvisioningCommand command = hiredInSales(w, "Kim", "Conflict" + w.substring(2, 6));

        TopicProbe.publish(InJvmKafka.bootstrapServers(), Topics.OUTCOMES, w, outcome(command, 1, "CONFLICT", "PRESENT")
                .replace("\"errorCode\":\"X\"", "\"errorCode\":\"NAME_CONFLICT\""));

        await().atMost(WAIT).until(() -> commands(w).size() == 2);
        ProvisioningCommand renamed = commands(w).get(1);
        assertThat(renamed.accountId()).isEqualTo(command.accountId() + "2");
        assertThat(renamed.sequence()).isGreaterThan(command.sequence());
        assertThat(renamed.attributes().get("mail")).containsExactly(command.accountId() + "2@example.com");
        assertThat(identity(w).getString("accounts[0].accountId")).isEqualTo(command.accountId() + "2");
        assertThat(identity(w).getList("history.kind")).contains("NAME_CONFLICT");
        await().atMost(WAIT).untilAsserted(() -> assertThat(
                TopicProbe.readAll(InJvmKafka.bootstrapServers(), Topics.POLICY_CHANGES))
                .anyMatch(r -> r.value().contains(w) && r.value().contains("did not create")));

        // the name held outside is never issued again, not even to the next worker of the same name
        String next = newWorker("K");
        publish("hr.worker.hired", next, clock.instant(), worker(next, "Kim", "Conflict" + w.substring(2, 6), "EMPLOYEE",
                "Sales", today(), null, null));
        await().atMost(WAIT).until(() -> commands(next).size() == 1);
        assertThat(commands(next).get(0).accountId()).isNotIn(command.accountId(), renamed.accountId());
    }

    @Test
    void outcomesOfOneAccountAreRecordedInTheOrderTheConnectorReportedThem() {
        String w = newWorker("R");
        ProvisioningCommand command = hiredInSales(w, "Rita", "Retry");

        TopicProbe.publish(InJvmKafka.bootstrapServers(), Topics.OUTCOMES, w, outcome(command, 1, "RETRYING", "PRESENT"));
        TopicProbe.publish(InJvmKafka.bootstrapServers(), Topics.OUTCOMES, w, outcome(command, 1, "APPLIED", "PRESENT"));
        await().atMost(WAIT).until(() -> "ACTIVE".equals(identity(w).getString("accounts[0].status")));
        assertThat(identity(w).getString("accounts[0].lastError")).isNull();

        // a retry of a later command keeps the status and says why it is retrying
        publish("hr.worker.updated", w, clock.instant().plusSeconds(1),
                worker(w, "Rita", "Retry", "EMPLOYEE", "Legal", today(), null, null));
        ProvisioningCommand later = await().atMost(WAIT).until(() -> commands(w), c -> c.size() == 2).get(1);
        String statusBefore = identity(w).getString("accounts[0].status");
        TopicProbe.publish(InJvmKafka.bootstrapServers(), Topics.OUTCOMES, w,
                outcome(later, later.sequence(), "RETRYING", "PRESENT"));
        await().atMost(WAIT).until(() -> "X: boom (retrying)".equals(identity(w).getString("accounts[0].lastError")));
        assertThat(identity(w).getString("accounts[0].status")).isEqualTo(statusBefore);
        TopicProbe.publish(InJvmKafka.bootstrapServers(), Topics.OUTCOMES, w,
                outcome(later, later.sequence(), "FAILED", "PRESENT"));
        await().atMost(WAIT).until(() -> "FAILED".equals(identity(w).getString("accounts[0].status")));
        assertThat(identity(w).getString("accounts[0].lastError")).isEqualTo("X: boom");
    }

    @Test
    void anOutcomeRecordedWhileTheDesiredStateIsBeingChangedIsNotOverwrittenByThatChange() {
        String w = newWorker("C");
        ProvisioningCommand command = hiredInSales(w, "Cora", "Concurrent");

        // What applying an HR event does to an account it has read: a new desired state and command.
        // The connector's outcome of the earlier command is recorded meanwhile, in its own transaction.
        QuarkusTransaction.requiringNew().run(() -> {
            AccountEntity account = AccountEntity.findById(new AccountEntity.Key(w, "corp-ldap"));
            recordOutcomeWithFewerGroups(command);
            commandLegalInsteadOfSales(account);
        });

        // as if the outcome had been recorded just after the change: the new command and desired
        // state, and the connector's report of the earlier one (its status included: the change set
        // PENDING where it had read PENDING, so it did not write the status)
        assertThat(identity(w).getLong("accounts[0].sequence")).isEqualTo(2);
        assertThat(identity(w).getList("accounts[0].groups")).containsExactly("all-staff");
        assertThat(identity(w).getString("accounts[0].status")).isEqualTo("ACTIVE");
    }

    @Test
    void anOutcomeRecordedWhileABatchOfEventsChangesTheAccountIsNotOverwrittenByTheBatch() {
        String w = newWorker("D");
        ProvisioningCommand command = hiredInSales(w, "Dora", "Batched");

        // What a batch of HR events does: loads its workers' rows, changes them in memory, writes
        // the changed ones when it flushes. The outcome is recorded in between, in its own transaction.
        QuarkusTransaction.requiringNew().run(() -> {
            batches.open(Set.of(UUID.randomUUID().toString()), Map.of(), Set.of(w), Set.of());
            IdentityEntity identity = batches.lockIdentity(w);
            AccountEntity account = batches.accounts(w).get(0);
            recordOutcomeWithFewerGroups(command);
            commandLegalInsteadOfSales(account);
            identity.error = "written by the batch";
            batches.flush();
        });

        // the batch wrote the identity and the account's columns it changed, and no other
        assertThat(identity(w).getString("error")).isEqualTo("written by the batch");
        assertThat(identity(w).getLong("accounts[0].sequence")).isEqualTo(2);
        assertThat(identity(w).getList("accounts[0].groups")).containsExactly("all-staff");
        assertThat(identity(w).getString("accounts[0].status")).isEqualTo("ACTIVE");
        // and what it wrote is what the next event reads: its command follows the batch's sequence
        publish("hr.worker.updated", w, clock.instant().plusSeconds(60),
                worker(w, "Dora", "Batched", "EMPLOYEE", "Finance", today(), null, null));
        ProvisioningCommand next = await().atMost(WAIT).until(() -> commands(w), c -> c.size() == 2).get(1);
        assertThat(next.sequence()).isEqualTo(3);
        assertThat(next.groups()).containsExactly("all-staff", "finance");
    }

    @Test
    void anIdentityBatchThatEndsWithDecisionsNotWrittenRollsBackEverythingItsTransactionDid() {
        String w = newWorker("U");
        hiredInSales(w, "Una", "Unwritten");

        // a sponsorship is written at once, a history step waits for the flush that never comes
        assertThatThrownBy(() -> QuarkusTransaction.requiringNew().run(() -> {
            batches.open(Set.of(), Map.of(), Set.of(w), Set.of());
            batches.sponsor(w, "S-" + w);
            batches.record(w, "test", "NOTE", null, null, "never written");
        })).isInstanceOf(RuntimeException.class);

        // a decision is written with its cause or not at all
        assertThat(QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery(
                "SELECT count(*) FROM sponsorship WHERE worker_id = ?1").setParameter(1, w).getSingleResult()))
                .isEqualTo(0L);
        assertThat(identity(w).getList("history.kind", String.class)).doesNotContain("NOTE");
    }

    /**
     * The connector's outcome of the hire's command, recorded by policy-service in its own
     * transaction: it reports fewer groups than commanded, which the account must then show.
     */
    private static void recordOutcomeWithFewerGroups(ProvisioningCommand command) {
        String w = command.workerId();
        TopicProbe.publish(InJvmKafka.bootstrapServers(), Topics.OUTCOMES, w, outcome(command, 1, "APPLIED", "PRESENT")
                .replace("\"groups\":[\"all-staff\",\"sales\"]", "\"groups\":[\"all-staff\"]"));
        await().atMost(WAIT).until(() -> "ACTIVE".equals(identity(w).getString("accounts[0].status")));
    }

    /** What applying an HR event does to an account it has read: a new desired state and command. */
    private static void commandLegalInsteadOfSales(AccountEntity account) {
        account.sequence++;
        account.desired = account.desired.replace("\"sales\"", "\"legal\"");
        account.status = "PENDING";
    }

    /** Hires the worker into Sales today and returns the first command policy-service issued. */
    private ProvisioningCommand hiredInSales(String w, String givenName, String familyName) {
        publish("hr.worker.hired", w, clock.instant(), worker(w, givenName, familyName, "EMPLOYEE", "Sales", today(), null, null));
        return await().atMost(WAIT).until(() -> commands(w), c -> c.size() == 1).get(0);
    }

    private static String outcome(ProvisioningCommand c, long sequence, String status, String state) {
        return """
                {"outcomeId":"%s/1","commandId":"%s","correlationId":"%s","workerId":"%s","targetId":"corp-ldap",
                 "accountId":"%s","sequence":%d,"status":"%s","state":"%s","groups":["all-staff","sales"],
                 "errorCode":"X","error":"boom","attempt":1}"""
                .formatted(c.commandId(), c.commandId(), c.correlationId(), c.workerId(), c.accountId(), sequence,
                        status, state);
    }
}
