package io.provisioning.demo;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Loads the demo workforce into the running stack as an HR snapshot of source {@code demo}
 * (posting it again changes nothing), waits until every worker's accounts are applied, then prints
 * the accounts per target and the audit trace of one hire. Run by {@code deploy/stack up}.
 */
public final class DemoWorkforce {

    private static final Duration WAIT = Duration.ofSeconds(180);

    private DemoWorkforce() {
    }

    public static void main(String[] args) throws Exception {
        StackClient stack = new StackClient();
        String csv = Files.readString(Path.of(System.getProperty("demo.workforce", "../deploy/demo/workforce.csv")));
        List<String> workers = csv.lines().skip(1).filter(l -> !l.isBlank()).map(l -> l.substring(0, l.indexOf(','))).toList();
        JsonNode snapshot = stack.post(stack.ingest + "/api/v1/hr-snapshots?source=demo", StackClient.PUBLISHER, "text/csv", csv)
                .expect(202).body();
        System.out.printf("demo workforce: %d workers posted as a snapshot of source demo: %s (hired %d, updated %d, "
                        + "terminated %d, unchanged %d)%n", workers.size(), snapshot.path("status").asText(),
                snapshot.path("hired").asInt(), snapshot.path("updated").asInt(), snapshot.path("terminated").asInt(),
                snapshot.path("unchanged").asInt());
        Map<String, int[]> perTarget = new TreeMap<>();
        await().atMost(WAIT).pollInterval(Duration.ofSeconds(1)).until(() -> settled(stack, workers, perTarget));
        perTarget.forEach((target, counts) -> System.out.printf("  %-10s %3d accounts (%d active, %d disabled, %d failed)%n",
                target, counts[0], counts[1], counts[2], counts[3]));
        JsonNode hires = stack.get(stack.audit + "/api/v1/audit/records?workerId=" + workers.get(0)
                + "&type=hr.worker.hired&limit=1", StackClient.AUDITOR).expect(200).body().path("records");
        if (!hires.isEmpty()) {
            String eventId = hires.get(0).path("correlationId").asText();
            JsonNode trace = stack.get(stack.audit + "/api/v1/audit/trace/" + eventId, StackClient.AUDITOR).expect(200).body();
            System.out.printf("  sample trace (GET %s/api/v1/audit/trace/%s):%n", stack.audit, eventId);
            System.out.printf("    %s %s (record %d)%n", trace.path("cause").path("type").asText(), workers.get(0),
                    trace.path("cause").path("seq").asLong());
            for (JsonNode outcome : trace.path("outcomes")) {
                List<String> changes = new ArrayList<>();
                outcome.path("payload").path("changes").forEach(c -> changes.add(c.path("kind").asText()
                        + (c.hasNonNull("name") ? " " + c.path("name").asText() : "")));
                System.out.printf("    -> %s %s %s in %d ms: %s%n", outcome.path("targetId").asText(),
                        outcome.path("payload").path("accountId").asText(), outcome.path("payload").path("status").asText(),
                        outcome.path("payload").path("endToEndMillis").asLong(), changes);
            }
        }
    }

    /** Whether no demo worker has an account still waiting for its outcome; counts them per target meanwhile. */
    private static boolean settled(StackClient stack, List<String> workers, Map<String, int[]> perTarget) {
        perTarget.clear();
        for (String worker : workers) {
            Optional<JsonNode> identity = stack.identity(worker);
            if (identity.isEmpty() || !StackClient.settled(identity.get())) {
                return false;
            }
            for (JsonNode account : identity.get().path("accounts")) {
                int[] counts = perTarget.computeIfAbsent(account.path("targetId").asText(), t -> new int[4]);
                counts[0]++;
                switch (account.path("status").asText()) {
                    case "ACTIVE" -> counts[1]++;
                    case "DISABLED" -> counts[2]++;
                    case "FAILED" -> counts[3]++;
                    default -> { }
                }
            }
        }
        return true;
    }
}
