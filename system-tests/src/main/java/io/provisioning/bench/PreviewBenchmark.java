package io.provisioning.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Measures {@code POST /api/v1/policy/preview} on the running stack: the active policy with one
 * more rule, evaluated for every identity. When policy-service holds fewer identities than
 * {@code bench.identities} (default 100 000), active employees are added straight to its database
 * (what joiner events would leave there, without their accounts, so every one of them previews as
 * new accounts: the heaviest case), and removed again at the end. Prints the seconds per preview (best and worst of
 * {@code bench.rounds}, default 3) and identities/s. Settings: bench.identities, bench.rounds,
 * stack.policy.url, stack.keycloak.url, stack.policy.jdbc, bench.out.
 */
public final class PreviewBenchmark {

    private static final Pattern IDENTITIES = Pattern.compile("\"identities\"\\s*:\\s*(\\d+)");
    private static final Pattern ACCOUNTS = Pattern.compile("\"accounts\"\\s*:\\s*(\\d+)");

    private final String policy = System.getProperty("stack.policy.url", "http://127.0.0.1:8082");
    private final String keycloak = System.getProperty("stack.keycloak.url", "http://127.0.0.1:8180");
    private final String jdbc = System.getProperty("stack.policy.jdbc", "jdbc:postgresql://127.0.0.1:15432/policy");
    private final int wanted = Integer.getInteger("bench.identities", 100_000);
    private final int rounds = Integer.getInteger("bench.rounds", 3);

    public static void main(String[] args) throws Exception {
        new PreviewBenchmark().run();
    }

    private void run() throws Exception {
        String run = "PV" + UUID.randomUUID().toString().substring(0, 6);
        int seeded = seed(run);
        try {
            measure(seeded);
        } finally {
            removeSeeded(run);
        }
    }

    private void measure(int seeded) throws Exception {
        String token = BenchHttp.token(keycloak, "ops-console");
        String draft = activeDocument(token).replace("rules:\n", """
                rules:
                  - id: bench-preview
                    when: { department: { in: [Engineering, Sales] } }
                    grant: { corp-ldap: [it] }
                """);
        double best = Double.MAX_VALUE;
        double worst = 0;
        String answer = "";
        for (int i = 0; i < rounds; i++) {
            long start = System.nanoTime();
            HttpResponse<String> response = BenchHttp.CLIENT.send(BenchHttp.post(policy + "/api/v1/policy/preview?limit=100",
                    token, "application/yaml", draft.getBytes(StandardCharsets.UTF_8)), HttpResponse.BodyHandlers.ofString());
            double seconds = (System.nanoTime() - start) / 1e9;
            if (response.statusCode() != 200) {
                throw new IllegalStateException("preview answered HTTP " + response.statusCode() + ": " + response.body());
            }
            answer = response.body();
            best = Math.min(best, seconds);
            worst = Math.max(worst, seconds);
        }
        long identities = number(IDENTITIES, answer);
        long accounts = number(ACCOUNTS, answer);
        System.out.printf(Locale.ROOT, "preview : %d identities (%d added for this run), %d live accounts; "
                        + "best %.2f s, worst %.2f s of %d previews: %.0f identities/s%n",
                identities, seeded, accounts, best, worst, rounds, identities / best);
        String json = String.format(Locale.ROOT,
                "{\"identities\":%d,\"accounts\":%d,\"bestSeconds\":%.2f,\"worstSeconds\":%.2f,\"identitiesPerSecond\":%.0f}%n",
                identities, accounts, best, worst, identities / best);
        Path out = Path.of(System.getProperty("bench.out", "target/bench/preview.json"));
        Files.createDirectories(out.getParent());
        Files.writeString(out, json);
        System.out.println("results written to " + out.toAbsolutePath());
    }

    /** Adds active employees until there are as many identities as wanted; returns how many were added. */
    private int seed(String run) throws Exception {
        try (Connection db = DriverManager.getConnection(jdbc, "policy", "policy")) {
            int existing;
            try (Statement count = db.createStatement(); ResultSet rows = count.executeQuery("SELECT count(*) FROM identity")) {
                rows.next();
                existing = rows.getInt(1);
            }
            int missing = Math.max(0, wanted - existing);
            if (missing == 0) {
                return 0;
            }
            String[] departments = {"Engineering", "Sales", "Finance", "Marketing", "Support", "Operations", "Legal", "IT"};
            db.setAutoCommit(false);
            try (PreparedStatement insert = db.prepareStatement("""
                    INSERT INTO identity (worker_id, lifecycle, attributes, updated_at) VALUES (?, 'ACTIVE', ?, ?)""")) {
                for (int i = 0; i < missing; i++) {
                    String workerId = run + "-" + i;
                    insert.setString(1, workerId);
                    insert.setString(2, """
                            {"workerId":"%s","givenName":"Bench%d","familyName":"Preview","workerType":"EMPLOYEE",\
                            "department":"%s","jobTitle":"Specialist","startDate":"%s"}"""
                            .formatted(workerId, i, departments[i % departments.length], LocalDate.now().minusDays(30)));
                    insert.setObject(3, java.sql.Timestamp.from(Instant.now()));
                    insert.addBatch();
                    if (i % 5000 == 4999) {
                        insert.executeBatch();
                    }
                }
                insert.executeBatch();
            }
            db.commit();
            System.out.printf(Locale.ROOT, "added %d identities (run %s) straight to the policy database%n", missing, run);
            return missing;
        }
    }

    /** The identities added are removed again: an activation on this stack must not provision them. */
    private void removeSeeded(String run) throws Exception {
        try (Connection db = DriverManager.getConnection(jdbc, "policy", "policy");
             PreparedStatement delete = db.prepareStatement("DELETE FROM identity WHERE worker_id LIKE ?")) {
            delete.setString(1, run + "-%");
            int removed = delete.executeUpdate();
            if (removed > 0) {
                System.out.printf(Locale.ROOT, "removed the %d identities added for run %s%n", removed, run);
            }
        }
    }

    private String activeDocument(String token) throws Exception {
        HttpResponse<String> response = BenchHttp.CLIENT.send(HttpRequest.newBuilder(URI.create(policy + "/api/v1/policy"))
                .header("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("cannot read the active policy: HTTP " + response.statusCode());
        }
        return new ObjectMapper().readTree(response.body()).path("document").asText();
    }

    private static long number(Pattern pattern, String json) {
        Matcher m = pattern.matcher(json);
        return m.find() ? Long.parseLong(m.group(1)) : -1;
    }
}
