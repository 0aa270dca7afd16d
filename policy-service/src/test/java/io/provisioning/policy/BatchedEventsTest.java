package io.provisioning.policy;

import static io.provisioning.policy.HrStory.commands;
import static io.provisioning.policy.HrStory.identity;
import static io.provisioning.policy.HrStory.newWorker;
import static io.provisioning.policy.HrStory.publish;
import static io.provisioning.policy.HrStory.worker;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import io.provisioning.contracts.Topics;
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
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Events that arrive together are applied as one batch (loaded and written a few statements at a
 * time): the result must be exactly what applying them one by one gives.
 */
@QuarkusTest
@WithTestResource(value = KafkaResource.class, initArgs = @ResourceArg(name = "targets", value = "corp-ldap"))
@WithTestResource(EmbeddedPostgresResource.class)
@WithTestResource(OidcWiremockTestResource.class)
class BatchedEventsTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Inject
    MutableClock clock;

    @Inject
    MeterRegistry meters;

    @Test
    void eventsArrivingTogetherKeepTheirOrderTheirNamesAndTheirDeDuplication() {
        String family = "Batch" + letters(6);
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        Instant t = clock.instant();
        List<Map.Entry<String, String>> records = new ArrayList<>();
        List<String> namesakes = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            String w = newWorker("BN");
            namesakes.add(w);
            records.add(event(UUID.randomUUID().toString(), "hr.worker.hired", w, t,
                    worker(w, "Jo", family, "EMPLOYEE", "Sales", today, null, null)));
        }
        String mover = newWorker("BM");
        String manager = newWorker("BK");
        String update = UUID.randomUUID().toString();
        // the manager first, on their own: their partition may be consumed after the mover's
        publish("hr.worker.hired", manager, t, worker(manager, "Kim", "Boss" + family, "EMPLOYEE", "Sales", today,
                null, null));
        await().atMost(WAIT).until(() -> commands(manager).size() == 1);
        records.add(event(UUID.randomUUID().toString(), "hr.worker.hired", mover, t,
                worker(mover, "Max", "Move" + family, "EMPLOYEE", "Sales", today, null, null)
                        .replace("\"jobTitle\"", "\"managerId\":\"" + manager + "\",\"jobTitle\"")));
        records.add(event(update, "hr.worker.updated", mover, t.plusSeconds(1),
                worker(mover, "Max", "Move" + family, "EMPLOYEE", "Finance", today, null, null)));
        records.add(event(update, "hr.worker.updated", mover, t.plusSeconds(1),
                worker(mover, "Max", "Move" + family, "EMPLOYEE", "Finance", today, null, null)));
        TopicProbe.publishAll(InJvmKafka.bootstrapServers(), Topics.HR_EVENTS, records);

        await().atMost(WAIT).until(() -> namesakes.stream().allMatch(w -> commands(w).size() == 1)
                && commands(mover).size() == 2);
        String base = "j" + family.toLowerCase();
        List<String> expected = new ArrayList<>(List.of(base));
        for (int n = 2; n <= 10; n++) {
            expected.add(base + n);
        }
        assertThat(namesakes.stream().map(w -> commands(w).get(0).accountId()).toList())
                .containsExactlyInAnyOrderElementsOf(expected);
        List<ProvisioningCommand> moves = commands(mover);
        assertThat(moves.get(0).groups()).containsExactly("all-staff", "sales");
        assertThat(moves.get(1).groups()).containsExactly("all-staff", "finance");
        assertThat(moves.get(1).correlationId()).isEqualTo(update);
        await().during(Duration.ofMillis(800)).atMost(WAIT).until(() -> commands(mover).size() == 2);
        assertThat(identity(mover).getString("error")).as("the manager was hired before").isNull();
        // newest first, as the API lists a history
        assertThat(identity(mover).getList("history.kind")).containsExactly("hr.worker.updated", "hr.worker.hired");
    }

    @Test
    void aNameTakenByAnotherBaseIsSkippedWithoutSplittingTheBatch() {
        String family = "Taken" + letters(6);
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        String holder = newWorker("TH");
        // "{givenName:1}{familyName}" of "X" and "<family>2": the second variant of another base
        publish("hr.worker.hired", holder, clock.instant(), worker(holder, "X", family + "2", "EMPLOYEE", "Sales",
                today, null, null));
        await().atMost(WAIT).until(() -> commands(holder).size() == 1);
        String base = "x" + family.toLowerCase();
        assertThat(commands(holder).get(0).accountId()).isEqualTo(base + "2");

        double splitBefore = splitBatches();
        String first = newWorker("TF");
        String second = newWorker("TS");
        TopicProbe.publishAll(InJvmKafka.bootstrapServers(), Topics.HR_EVENTS, List.of(
                event(UUID.randomUUID().toString(), "hr.worker.hired", first, clock.instant(),
                        worker(first, "Xavier", family, "EMPLOYEE", "Sales", today, null, null)),
                event(UUID.randomUUID().toString(), "hr.worker.hired", second, clock.instant(),
                        worker(second, "Xena", family, "EMPLOYEE", "Sales", today, null, null))));

        await().atMost(WAIT).until(() -> commands(first).size() == 1 && commands(second).size() == 1);
        assertThat(List.of(commands(first).get(0).accountId(), commands(second).get(0).accountId()))
                .containsExactlyInAnyOrder(base, base + "3");
        assertThat(splitBatches()).as("names are reserved before the batch, not failed in it").isEqualTo(splitBefore);
        assertThat(commands(holder)).hasSize(1);
    }

    private double splitBatches() {
        var counter = meters.find("provisioning.policy.batches").tag("result", "split").counter();
        return counter == null ? 0 : counter.count();
    }

    private static Map.Entry<String, String> event(String id, String type, String workerId, Instant time, String data) {
        return Map.entry(workerId, """
                {"specversion":"1.0","id":"%s","source":"urn:hris:test","type":"%s","subject":"%s","time":"%s",
                 "data":%s}""".formatted(id, type, workerId, time, data));
    }

    private static String letters(int n) {
        Random random = new Random();
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < n; i++) {
            out.append((char) ('a' + random.nextInt(26)));
        }
        return out.toString();
    }
}
