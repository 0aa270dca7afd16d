package io.provisioning.systemtests;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.provisioning.demo.StackClient;
import io.provisioning.systemtests.FaultWorkforce.ExpectedAccount;
import io.provisioning.systemtests.FaultWorkforce.Worker;
import io.provisioning.systemtests.TargetAccounts.Found;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;

/**
 * The fault drill (docs/architecture.md): while a synthetic workforce's joiner,
 * mover and leaver events flow through the running stack, each service, the Kafka broker and
 * PostgreSQL are killed with SIGKILL and restarted in turn, and OpenLDAP is stopped for 30 seconds.
 * Afterwards every target holds exactly what the policy prescribes for the final HR state (worked
 * out by {@link FaultWorkforce} from the events sent), no worker has two accounts in a target, the
 * audit trail holds every event, command and outcome once and verifies, and no command of the drill
 * is dead-lettered.
 *
 * <p>Size: {@code -Dfault.workers} (default 3 000 workers, about 5 000 events); the events flow
 * for {@code -Dfault.flowSeconds} (default 150, about as long as the drill).
 */
class FaultSuiteIT {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final List<String> TARGETS = List.of("corp-ldap", "apps-scim", "legacy-db");
    private static final Set<String> SETTLED = Set.of("APPLIED", "NOOP", "FAILED");

    private final HttpClient http = HttpClient.newHttpClient();
    private final TargetAccounts targets = new TargetAccounts();

    @Test
    void nothingIsLostDoubledOrLeftInconsistentWhenEveryComponentCrashesInTurn() throws Exception {
        FaultWorkforce workforce = new FaultWorkforce(Integer.getInteger("fault.workers", 3000));
        List<List<String>> phases = workforce.phases();
        int events = phases.stream().mapToInt(List::size).sum();
        Set<String> eventIds = phases.stream().flatMap(List::stream).map(FaultSuiteIT::eventId).collect(Collectors.toSet());
        Path root = FaultDrill.repositoryRoot();
        FaultDrill drill = new FaultDrill(root, root.resolve("system-tests/target/fault-drill.log"),
                Duration.ofSeconds(Integer.getInteger("fault.directoryOutageSeconds", 30)), Duration.ofSeconds(5));
        PersistentPublisher publisher = new PersistentPublisher(50,
                Duration.ofSeconds(Integer.getInteger("fault.flowSeconds", 150)));
        Instant started = Instant.now().minusSeconds(1);

        CompletableFuture<Void> faults = CompletableFuture.runAsync(drill::run);
        publisher.publish(phases);
        Instant allAcknowledged = Instant.now();
        faults.join();
        Instant drillDone = Instant.now();

        assertThat(publisher.accepted() + publisher.duplicates()).as("every event acknowledged").isEqualTo(events);

        Map<String, Worker> byName = workforce.workers.stream()
                .collect(Collectors.toMap(w -> w.givenName() + " " + w.familyName(), w -> w));
        Function<String, String> workerByName = name -> Optional.ofNullable(byName.get(name)).map(Worker::id).orElse(null);
        List<String> mismatches;
        try {
            await().atMost(Duration.ofMinutes(Integer.getInteger("fault.settleMinutes", 10)))
                    .pollInterval(Duration.ofSeconds(5)).ignoreExceptions()
                    .until(() -> {
                        // 600 leavers in the drill's minutes exceed the termination-burst guard: an operator approves
                        HeldTerminations.approveHoldsOf(workforce.prefix);
                        return mismatches(workforce, workerByName).isEmpty();
                    });
        } finally {
            mismatches = mismatches(workforce, workerByName);
        }
        Instant targetsSettled = Instant.now();
        assertThat(mismatches.subList(0, Math.min(30, mismatches.size())))
                .as("target accounts that differ from the policy's prescription (%d in all, first 30)", mismatches.size())
                .isEmpty();

        // Every consumer came back: readiness reports each channel, and policy-service has recorded the
        // connectors' outcomes on the identities (a sample of them: one request each).
        for (String service : List.of(Stack.INGEST, Stack.POLICY, Stack.CONNECTOR, Stack.AUDIT)) {
            await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(2)).untilAsserted(() ->
                    assertThat(given().get(service + "/q/health/ready").statusCode()).as("%s ready", service).isEqualTo(200));
        }
        List<Worker> sample = new ArrayList<>();
        for (int i = 0; i < workforce.workers.size(); i += 30) {
            sample.add(workforce.workers.get(i));
        }
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(2)).untilAsserted(() ->
                assertThat(sample.stream().filter(w -> !outcomesRecordedOnIdentity(w.id())).map(Worker::id).toList())
                        .as("identities whose accounts still wait for their outcome").isEmpty());

        // Kafka holds the facts (with whatever copies the crashes caused); audit must hold each once.
        Map<String, Map<String, Integer>> published = KafkaFacts.since(started, workforce.prefix);
        assertThat(published.get("event").keySet()).as("every acknowledged event is on hr.events").containsAll(eventIds);
        AuditTally tally = await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofSeconds(5))
                .until(() -> auditTally(started, workforce.prefix),
                        t -> t.facts.get("event").keySet().containsAll(published.get("event").keySet())
                                && t.facts.get("command").keySet().containsAll(published.get("command").keySet())
                                && t.facts.get("outcome").keySet().containsAll(published.get("outcome").keySet()));
        // read again: what was published after the first reading is in the trail too by now
        Map<String, Map<String, Integer>> publishedLater = KafkaFacts.since(started, workforce.prefix);
        for (String kind : List.of("event", "command", "outcome")) {
            assertThat(publishedLater.get(kind).keySet()).as("%ss in the trail that are not on Kafka", kind)
                    .containsAll(tally.facts.get(kind).keySet());
            assertThat(tally.facts.get(kind).entrySet().stream().filter(e -> e.getValue() != 1).toList())
                    .as("%ss recorded more than once", kind).isEmpty();
        }
        assertThat(tally.commandsWithoutSettledOutcome()).as("commands with no settled outcome in the trail").isEmpty();

        JsonNode verification = MAPPER.readTree(given().auth().oauth2(Stack.token("audit-reader"))
                .queryParam("full", true).get(Stack.AUDIT + "/api/v1/audit/verify")
                .then().statusCode(200).extract().asString());
        assertThat(verification.path("valid").asBoolean()).as("audit verification: %s", verification).isTrue();

        List<JsonNode> deadLetters = deadLettersOf(workforce.prefix);
        assertThat(deadLetters).as("dead letters of the drill's commands").isEmpty();
        assertThat(tally.deadLettered).as("dead-lettered records of the drill in the trail").isZero();

        report(workforce, events, publisher, drill, published, tally, verification,
                Duration.between(started, allAcknowledged), Duration.between(started, drillDone),
                Duration.between(started, targetsSettled));
    }

    private static boolean outcomesRecordedOnIdentity(String workerId) {
        try {
            return StackClient.settled(MAPPER.readTree(given().auth().oauth2(Stack.token("ops-console"))
                    .get(Stack.POLICY + "/api/v1/identities/" + workerId).then().statusCode(200).extract().asString()));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** What differs between the targets and the policy's prescription, one line per difference. */
    private List<String> mismatches(FaultWorkforce workforce, Function<String, String> workerByName) throws Exception {
        Map<String, List<Found>> directory = targets.directory(workforce.prefix);
        Map<String, List<Found>> ledger = targets.ledger(workforce.prefix);
        Map<String, List<Found>> apps = targets.apps(workforce.familyStem, workerByName);
        List<String> mismatches = new ArrayList<>();
        for (Worker w : workforce.workers) {
            compare(w, "corp-ldap", Optional.of(FaultWorkforce.directory(w)), directory.get(w.id()), mismatches);
            compare(w, "apps-scim", FaultWorkforce.apps(w), apps.get(w.id()), mismatches);
            compare(w, "legacy-db", FaultWorkforce.ledger(w), ledger.get(w.id()), mismatches);
        }
        return mismatches;
    }

    private static void compare(Worker w, String target, Optional<ExpectedAccount> expected, List<Found> found,
            List<String> mismatches) {
        List<Found> accounts = found == null ? List.of() : found;
        if (accounts.size() > 1) {
            mismatches.add(w.id() + " " + target + ": " + accounts.size() + " accounts " + accounts);
        } else if (expected.isEmpty() != accounts.isEmpty()) {
            mismatches.add(w.id() + " " + target + ": expected " + expected.map(Object::toString).orElse("no account")
                    + ", found " + (accounts.isEmpty() ? "none" : accounts.get(0)));
        } else if (expected.isPresent()) {
            Found account = accounts.get(0);
            if (account.enabled() != expected.get().enabled() || !account.groups().equals(expected.get().groups())) {
                mismatches.add(w.id() + " " + target + ": expected " + expected.get() + ", found " + account);
            }
        }
    }

    /** The drill's records in the trail: copies per fact, outcome statuses, dead letters. */
    private record AuditTally(Map<String, Map<String, Integer>> facts, Map<String, Integer> statuses,
                              Set<String> settledCommands, int deadLettered) {

        List<String> commandsWithoutSettledOutcome() {
            return facts.get("command").keySet().stream().filter(c -> !settledCommands.contains(c)).limit(30).toList();
        }
    }

    private AuditTally auditTally(Instant since, String prefix) throws IOException, InterruptedException {
        Map<String, Map<String, Integer>> facts = Map.of("event", new HashMap<>(), "command", new HashMap<>(),
                "outcome", new HashMap<>());
        Map<String, Integer> statuses = new TreeMap<>();
        Set<String> settled = new HashSet<>();
        int deadLettered = 0;
        HttpResponse<InputStream> export = http.send(HttpRequest.newBuilder(URI.create(Stack.AUDIT
                        + "/api/v1/audit/export?format=ndjson&from=" + URLEncoder.encode(since.toString(), StandardCharsets.UTF_8)))
                .header("Authorization", "Bearer " + Stack.token("audit-reader")).GET().build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertThat(export.statusCode()).isEqualTo(200);
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(export.body(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                JsonNode record = MAPPER.readTree(line);
                if (!record.path("workerId").asText().startsWith(prefix)) {
                    continue;
                }
                String type = record.path("type").asText();
                JsonNode payload = record.path("payload");
                if (type.endsWith(".dead-lettered")) {
                    deadLettered++;
                } else if (type.startsWith("hr.worker.")) {
                    // an HR event (policy-service's notices about one, hr.event-ignored and
                    // hr.termination-held, are facts of their own)
                    facts.get("event").merge(payload.path("id").asText(), 1, Integer::sum);
                } else if (type.equals("provisioning.command")) {
                    facts.get("command").merge(payload.path("commandId").asText(), 1, Integer::sum);
                } else if (type.equals("provisioning.outcome")) {
                    facts.get("outcome").merge(payload.path("outcomeId").asText(), 1, Integer::sum);
                    String status = payload.path("status").asText();
                    statuses.merge(status, 1, Integer::sum);
                    if (SETTLED.contains(status)) {
                        settled.add(payload.path("commandId").asText());
                    }
                }
            }
        }
        return new AuditTally(facts, statuses, settled, deadLettered);
    }

    private static List<JsonNode> deadLettersOf(String prefix) throws IOException {
        List<JsonNode> found = new ArrayList<>();
        for (String target : TARGETS) {
            String cursor = null;
            do {
                var request = given().auth().oauth2(Stack.token("ops-console"))
                        .queryParam("targetId", target).queryParam("status", "ALL").queryParam("limit", 500);
                if (cursor != null) {
                    request.queryParam("cursor", cursor);
                }
                JsonNode page = MAPPER.readTree(request.get(Stack.CONNECTOR + "/api/v1/dead-letters")
                        .then().statusCode(200).extract().asString());
                for (JsonNode item : page.path("items")) {
                    if (item.path("workerId").asText().startsWith(prefix)) {
                        found.add(item);
                    }
                }
                cursor = page.path("nextCursor").isTextual() ? page.path("nextCursor").asText() : null;
            } while (cursor != null);
        }
        return found;
    }

    private static void report(FaultWorkforce workforce, int events, PersistentPublisher publisher, FaultDrill drill,
            Map<String, Map<String, Integer>> published, AuditTally tally, JsonNode verification,
            Duration acknowledged, Duration drillDone, Duration settled) {
        StringBuilder out = new StringBuilder("\n=== Fault drill ===\n");
        out.append("workers %d, events sent %d (accepted %d, reported as duplicates on a resend %d)%n"
                .formatted(workforce.workers.size(), events, publisher.accepted(), publisher.duplicates()));
        out.append("publisher: %d batch sends failed and were sent again %s%n".formatted(publisher.resent(),
                publisher.failures()));
        drill.steps().forEach(step -> out.append("  ").append(step).append('\n'));
        out.append("all events acknowledged after %d s, drill over after %d s, targets as prescribed after %d s%n"
                .formatted(acknowledged.toSeconds(), drillDone.toSeconds(), settled.toSeconds()));
        for (String kind : List.of("event", "command", "outcome")) {
            Map<String, Integer> copies = published.get(kind);
            int records = copies.values().stream().mapToInt(Integer::intValue).sum();
            out.append("%-8s on Kafka: %d distinct, %d records (%d published again after a crash); in the trail: %d, each once%n"
                    .formatted(kind + "s", copies.size(), records, records - copies.size(), tally.facts.get(kind).size()));
        }
        out.append("outcomes by status: %s (RETRYING: attempts that failed and were retried)%n".formatted(tally.statuses));
        out.append("dead letters: 0; audit verify: valid, %d records%n".formatted(verification.path("records").asLong()));
        System.out.print(out);
    }

    private static String eventId(String event) {
        try {
            return MAPPER.readTree(event).path("id").asText();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
