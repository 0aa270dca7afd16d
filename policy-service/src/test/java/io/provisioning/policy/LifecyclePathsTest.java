package io.provisioning.policy;

import static io.provisioning.policy.HrStory.commands;
import static io.provisioning.policy.HrStory.dated;
import static io.provisioning.policy.HrStory.identity;
import static io.provisioning.policy.HrStory.identityStatus;
import static io.provisioning.policy.HrStory.newWorker;
import static io.provisioning.policy.HrStory.publish;
import static io.provisioning.policy.HrStory.worker;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.provisioning.contracts.Topics;
import io.provisioning.contracts.command.AccountState;
import io.provisioning.contracts.command.ProvisioningCommand;
import io.provisioning.testsupport.EmbeddedPostgresResource;
import io.provisioning.testsupport.InJvmKafka;
import io.provisioning.testsupport.KafkaResource;
import io.provisioning.testsupport.TopicProbe;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each lifecycle path on its own, against the real broker and database; time is moved, not waited for. */
@QuarkusTest
@WithTestResource(value = KafkaResource.class, initArgs = @ResourceArg(name = "targets", value = "corp-ldap"))
@WithTestResource(EmbeddedPostgresResource.class)
@WithTestResource(OidcWiremockTestResource.class)
class LifecyclePathsTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @Inject
    MutableClock clock;

    private LocalDate today() {
        return LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
    }

    private List<ProvisioningCommand> awaitCommands(String workerId, int count) {
        return await().atMost(WAIT).until(() -> commands(workerId), c -> c.size() >= count);
    }

    private void awaitLifecycle(String workerId, String lifecycle) {
        await().atMost(WAIT).until(() -> identityStatus(workerId) == 200
                && lifecycle.equals(identity(workerId).getString("lifecycle")));
    }

    @Test
    void futureDatedJoinerGetsAccountsAtTheStartInstantInTheirTimeZone() {
        String w = newWorker("J");
        LocalDate start = today().plusDays(5);
        String hire = publish("hr.worker.hired", w, clock.instant(),
                worker(w, "Zoë", "O'Brien-Łukasz", "EMPLOYEE", "Engineering", start, null, "Berlin"));

        awaitLifecycle(w, "PRE_HIRE");
        Instant startInstant = start.atStartOfDay(ZoneId.of("Europe/Berlin")).toInstant();
        assertThat(identity(w).getList("scheduled.action")).contains("ACTIVATE");
        assertThat(Instant.parse(identity(w).getString("scheduled.find { it.action == 'ACTIVATE' }.dueAt")))
                .isEqualTo(startInstant);
        assertThat(commands(w)).isEmpty();

        clock.moveTo(startInstant.plusSeconds(1));

        ProvisioningCommand command = awaitCommands(w, 1).get(0);
        assertThat(command.state()).isEqualTo(AccountState.PRESENT);
        assertThat(command.accountId()).isEqualTo("zobrienlukasz");
        assertThat(command.groups()).containsExactly("all-staff", "engineering");
        assertThat(command.grants()).containsEntry("engineering", List.of("engineering"));
        assertThat(command.correlationId()).isEqualTo(hire);
        assertThat(command.sequence()).isEqualTo(1);
        assertThat(command.attributes()).containsEntry("mail", List.of("zobrienlukasz@example.com"))
                .containsEntry("cn", List.of("Zoë O'Brien-Łukasz"));
        awaitLifecycle(w, "ACTIVE");
    }

    @Test
    void terminationBeforeTheStartDateCancelsTheHire() {
        String w = newWorker("C");
        LocalDate start = today().plusDays(10);
        publish("hr.worker.hired", w, clock.instant(), worker(w, "Cleo", "Cancelled", "EMPLOYEE", "Sales", start, null, null));
        awaitLifecycle(w, "PRE_HIRE");

        publish("hr.worker.terminated", w, clock.instant().plusSeconds(1), dated(w, start.minusDays(1)));

        awaitLifecycle(w, "TERMINATED");
        assertThat(identity(w).getList("scheduled")).isEmpty();
        clock.moveTo(start.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant());
        await().during(Duration.ofMillis(600)).atMost(WAIT).until(() -> commands(w).isEmpty());
    }

    @Test
    void moverLosesTheOldGroupAndGainsTheNewWithinTheManagedGroups() {
        String w = newWorker("M");
        publish("hr.worker.hired", w, clock.instant(), worker(w, "Mo", "Mover", "EMPLOYEE", "Sales", today(), null, null));
        assertThat(awaitCommands(w, 1).get(0).groups()).containsExactly("all-staff", "sales");

        publish("hr.worker.updated", w, clock.instant().plusSeconds(1),
                worker(w, "Mo", "Mover", "EMPLOYEE", "Engineering", today(), null, null));

        ProvisioningCommand move = awaitCommands(w, 2).get(1);
        assertThat(move.groups()).containsExactly("all-staff", "engineering");
        assertThat(move.managedGroups()).contains("sales", "engineering");
        assertThat(move.accountId()).isEqualTo(commands(w).get(0).accountId());
        assertThat(move.reason()).isEqualTo("MOVER");
    }

    @Test
    void nameChangeRenamesTheAttributesAndKeepsTheAccountName() {
        String w = newWorker("R");
        publish("hr.worker.hired", w, clock.instant(), worker(w, "Rita", "Renamer", "EMPLOYEE", "Legal", today(), null, null));
        String accountId = awaitCommands(w, 1).get(0).accountId();

        publish("hr.worker.updated", w, clock.instant().plusSeconds(1),
                worker(w, "Rita", "Renamer-Wed", "EMPLOYEE", "Legal", today(), null, null));

        ProvisioningCommand renamed = awaitCommands(w, 2).get(1);
        assertThat(renamed.accountId()).isEqualTo(accountId).isEqualTo("rrenamer");
        assertThat(renamed.attributes()).containsEntry("sn", List.of("Renamer-Wed"))
                .containsEntry("cn", List.of("Rita Renamer-Wed"));
    }

    @Test
    void leaveOfAbsenceDisablesAndTheReturnRestores() {
        String w = newWorker("L");
        publish("hr.worker.hired", w, clock.instant(), worker(w, "Lea", "Leave", "EMPLOYEE", "Support", today(), null, null));
        awaitCommands(w, 1);

        publish("hr.worker.leave-started", w, clock.instant().plusSeconds(1), dated(w, today()));
        ProvisioningCommand disabled = awaitCommands(w, 2).get(1);
        assertThat(disabled.state()).isEqualTo(AccountState.DISABLED);
        assertThat(disabled.groups()).containsExactly("all-staff", "support");
        awaitLifecycle(w, "ON_LEAVE");

        LocalDate back = today().plusDays(3);
        publish("hr.worker.leave-ended", w, clock.instant().plusSeconds(2), dated(w, back));
        awaitLifecycle(w, "ON_LEAVE");
        await().atMost(WAIT).until(() -> identity(w).getList("scheduled.action").contains("END_LEAVE"));
        clock.moveTo(back.atStartOfDay(ZoneOffset.UTC).toInstant().plusSeconds(1));

        ProvisioningCommand restored = awaitCommands(w, 3).get(2);
        assertThat(restored.state()).isEqualTo(AccountState.PRESENT);
        awaitLifecycle(w, "ACTIVE");
    }

    @Test
    void contractorIsNoticedThenLosesAccessAtTheEndDate() {
        String w = newWorker("K");
        LocalDate end = today().plusDays(10);
        String hire = publish("hr.worker.hired", w, clock.instant(),
                worker(w, "Karl", "Contract", "CONTRACTOR", "IT", today(), end, null));
        assertThat(awaitCommands(w, 1).get(0).groups()).containsExactly("external-staff", "it");
        Instant endInstant = end.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();

        clock.moveTo(endInstant.minus(Duration.ofDays(7)).plusSeconds(1));
        await().atMost(WAIT).untilAsserted(() -> assertThat(
                TopicProbe.readAll(InJvmKafka.bootstrapServers(), Topics.POLICY_CHANGES))
                .anyMatch(r -> r.value().contains("worker.access-expiring") && r.value().contains(w)
                        && r.value().contains(hire)));
        assertThat(commands(w)).hasSize(1);

        clock.moveTo(endInstant.plusSeconds(1));
        ProvisioningCommand ended = awaitCommands(w, 2).get(1);
        assertThat(ended.state()).isEqualTo(AccountState.DISABLED);
        assertThat(ended.groups()).isEmpty();
        assertThat(ended.reason()).isEqualTo("CONTRACT_END");
        awaitLifecycle(w, "TERMINATED");
    }

    @Test
    void anEmployeesFixedTermEndsAccessAtTheEndDateLikeAContractsWithNoticeToTheManager() {
        String manager = newWorker("M");
        publish("hr.worker.hired", manager, clock.instant(), worker(manager, "Mia", "Manager", "EMPLOYEE", "IT", today(), null, null));
        awaitCommands(manager, 1);
        String w = newWorker("F");
        LocalDate end = today().plusDays(10);
        publish("hr.worker.hired", w, clock.instant(), worker(w, "Fay", "Fixedterm", "EMPLOYEE", "IT", today(), end, null)
                .replace("\"jobTitle\"", "\"managerId\":\"" + manager + "\",\"jobTitle\""));
        assertThat(awaitCommands(w, 1).get(0).state()).isEqualTo(AccountState.PRESENT);
        Instant endInstant = end.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();

        clock.moveTo(endInstant.minus(Duration.ofDays(7)).plusSeconds(1));
        await().atMost(WAIT).untilAsserted(() -> assertThat(
                TopicProbe.readAll(InJvmKafka.bootstrapServers(), Topics.POLICY_CHANGES))
                .anyMatch(r -> r.value().contains("worker.access-expiring") && r.value().contains("\"workerId\":\"" + w)
                        && r.value().contains("\"managerId\":\"" + manager + "\"")
                        && r.value().contains("\"reason\":\"CONTRACT_END\"")));

        clock.moveTo(endInstant.plusSeconds(1));
        ProvisioningCommand ended = awaitCommands(w, 2).get(1);
        assertThat(ended.state()).isEqualTo(AccountState.DISABLED);
        assertThat(ended.reason()).isEqualTo("CONTRACT_END");
        awaitLifecycle(w, "TERMINATED");
    }

    @Test
    void aWorkerWhoseContractEndedBeforeTheHireArrivedIsNeverGivenAnEnabledAccount() {
        String employee = newWorker("P");
        String contractor = newWorker("P");
        publish("hr.worker.hired", employee, clock.instant(),
                worker(employee, "Pat", "Past", "EMPLOYEE", "IT", today().minusDays(30), today().minusDays(1), null));
        publish("hr.worker.hired", contractor, clock.instant(),
                worker(contractor, "Pia", "Past", "CONTRACTOR", "IT", today().minusDays(30), today().minusDays(2), null));

        awaitLifecycle(employee, "TERMINATED");
        awaitLifecycle(contractor, "TERMINATED");
        await().during(Duration.ofMillis(800)).atMost(WAIT).until(() -> commands(employee).isEmpty()
                && commands(contractor).isEmpty());
    }

    @Test
    void whenASponsorLeavesTheirVendorIsToldAndLosesAccessAfterTheSponsorLeftDays() {
        String sponsor = newWorker("S");
        publish("hr.worker.hired", sponsor, clock.instant(), worker(sponsor, "Sol", "Sponsor", "EMPLOYEE", "IT", today(), null, null));
        awaitCommands(sponsor, 1);
        String vendor = vendorSponsoredBy(sponsor, "Vic");

        Instant left = clock.instant();
        publish("hr.worker.terminated", sponsor, clock.instant().plusSeconds(1), dated(sponsor, today()));
        awaitLifecycle(sponsor, "TERMINATED");
        await().atMost(WAIT).untilAsserted(() -> assertThat(
                TopicProbe.readAll(InJvmKafka.bootstrapServers(), Topics.POLICY_CHANGES))
                .anyMatch(r -> r.value().contains("worker.access-expiring") && r.value().contains("\"workerId\":\"" + vendor)
                        && r.value().contains("\"sponsorId\":\"" + sponsor + "\"")
                        && r.value().contains("\"reason\":\"SPONSOR_LEFT\"")));
        assertThat(commands(vendor)).hasSize(1);

        clock.moveTo(left.plus(Duration.ofDays(14)).plusSeconds(5));
        ProvisioningCommand ended = awaitCommands(vendor, 2).get(1);
        assertThat(ended.state()).isEqualTo(AccountState.DISABLED);
        assertThat(ended.reason()).isEqualTo("SPONSOR_LEFT");
        awaitLifecycle(vendor, "TERMINATED");
    }

    @Test
    void aNewSponsorNamedInTimeKeepsTheVendorsAccess() {
        String sponsor = newWorker("S");
        String next = newWorker("S");
        for (String s : List.of(sponsor, next)) {
            publish("hr.worker.hired", s, clock.instant(), worker(s, "Sam", "Sponsor", "EMPLOYEE", "IT", today(), null, null));
            awaitCommands(s, 1);
        }
        String vendor = vendorSponsoredBy(sponsor, "Val");
        Instant left = clock.instant();
        publish("hr.worker.terminated", sponsor, clock.instant().plusSeconds(1), dated(sponsor, today()));
        awaitLifecycle(sponsor, "TERMINATED");
        await().atMost(WAIT).until(() -> identity(vendor).getList("scheduled.action").contains("EXPIRE_UNSPONSORED"));

        publish("hr.worker.updated", vendor, clock.instant().plusSeconds(2), vendorRecord(vendor, "Val", next));
        await().atMost(WAIT).until(() -> !identity(vendor).getList("scheduled.action").contains("EXPIRE_UNSPONSORED"));
        clock.moveTo(left.plus(Duration.ofDays(15)));

        await().during(Duration.ofMillis(800)).atMost(WAIT).until(() -> commands(vendor).size() == 1);
        assertThat(identity(vendor).getString("lifecycle")).isEqualTo("ACTIVE");
    }

    private String vendorSponsoredBy(String sponsor, String name) {
        String vendor = newWorker("V");
        publish("hr.worker.hired", vendor, clock.instant(), vendorRecord(vendor, name, sponsor));
        assertThat(awaitCommands(vendor, 1).get(0).state()).isEqualTo(AccountState.PRESENT);
        return vendor;
    }

    private String vendorRecord(String vendor, String name, String sponsor) {
        return worker(vendor, name, "Vendor", "VENDOR", "Operations", today(), today().plusDays(300), null)
                .replace("\"jobTitle\"", "\"sponsorId\":\"" + sponsor + "\",\"jobTitle\"");
    }

    @Test
    void updateThatExtendsTheContractMovesTheEnd() {
        String w = newWorker("X");
        LocalDate end = today().plusDays(3);
        publish("hr.worker.hired", w, clock.instant(), worker(w, "Xia", "Extended", "CONTRACTOR", "IT", today(), end, null));
        awaitCommands(w, 1);

        publish("hr.worker.updated", w, clock.instant().plusSeconds(1),
                worker(w, "Xia", "Extended", "CONTRACTOR", "IT", today(), end.plusDays(60), null));
        await().atMost(WAIT).until(() -> identity(w).getString("attributes.endDate").equals(end.plusDays(60).toString()));
        clock.moveTo(end.plusDays(2).atStartOfDay(ZoneOffset.UTC).toInstant());

        await().during(Duration.ofMillis(800)).atMost(WAIT).until(() -> commands(w).size() == 1);
        assertThat(identity(w).getString("lifecycle")).isEqualTo("ACTIVE");
    }

    @Test
    void leaverIsDisabledAtOnceDeletedAfterTheGracePeriodAndRehiredWithTheSameAccount() {
        String w = newWorker("B");
        publish("hr.worker.hired", w, clock.instant(), worker(w, "Bea", "Boomerang", "EMPLOYEE", "Finance", today(), null, null));
        String accountId = awaitCommands(w, 1).get(0).accountId();

        publish("hr.worker.terminated", w, clock.instant().plusSeconds(1), dated(w, today()));
        ProvisioningCommand disabled = awaitCommands(w, 2).get(1);
        assertThat(disabled.state()).isEqualTo(AccountState.DISABLED);
        assertThat(disabled.groups()).isEmpty();
        awaitLifecycle(w, "TERMINATED");

        clock.moveTo(today().plusDays(31).atStartOfDay(ZoneOffset.UTC).toInstant());
        assertThat(awaitCommands(w, 3).get(2).state()).isEqualTo(AccountState.ABSENT);

        publish("hr.worker.rehired", w, clock.instant(),
                worker(w, "Bea", "Boomerang", "EMPLOYEE", "Finance", today(), null, null));
        ProvisioningCommand back = awaitCommands(w, 4).get(3);
        assertThat(back.state()).isEqualTo(AccountState.PRESENT);
        assertThat(back.accountId()).isEqualTo(accountId);
        assertThat(back.groups()).containsExactly("all-staff", "finance");
        awaitLifecycle(w, "ACTIVE");
    }
}
