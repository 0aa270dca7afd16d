package io.provisioning.bench;

import io.provisioning.stack.StackKafka;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Measures connector-service on the running stack: N create commands (3 groups each, one of them
 * shared by all) produced straight to one target's command topic, and the time until all N
 * APPLIED outcomes are counted. For corp-ldap (default, N = 20 000) it then measures, for
 * comparison, the raw rate of the machine's {@code ldapadd} adding N plain entries to the same
 * directory; apps-scim and legacy-db default to N = 5 000. Settings: bench.target, bench.commands,
 * kafka.bootstrap.servers, stack.connector.url, stack.keycloak.url, ldap.url, bench.out.
 */
public final class ConnectorBenchmark {


    private final String connector = System.getProperty("stack.connector.url", "http://127.0.0.1:8083");
    private final String bootstrap = StackKafka.bootstrapServers();
    private final String ldapUrl = System.getProperty("ldap.url", "ldap://127.0.0.1:1389");
    private final String target = System.getProperty("bench.target", "corp-ldap");
    private final int commands = Integer.getInteger("bench.commands", target.equals("corp-ldap") ? 20_000 : 5_000);
    private final String keycloak = System.getProperty("stack.keycloak.url", "http://127.0.0.1:8180");
    private final Pattern applied = outcomes("APPLIED");
    private final Pattern failed = outcomes("FAILED");
    private final String run = "c" + UUID.randomUUID().toString().substring(0, 6);

    public static void main(String[] args) throws Exception {
        new ConnectorBenchmark().run();
    }

    private void run() throws Exception {
        int concurrency = concurrency();
        System.out.printf(Locale.ROOT, "connector benchmark, run %s, target %s (concurrency %d), against %s%n",
                run, target, concurrency, connector);
        double appliedBefore = Quiet.metric(connector, applied);
        double failedBefore = Quiet.metric(connector, failed);
        long start = System.nanoTime();
        double produceSeconds = produce();
        while (Quiet.metric(connector, applied) < appliedBefore + commands) {
            if (Quiet.metric(connector, failed) > failedBefore) {
                throw new IllegalStateException("commands failed: see GET /api/v1/dead-letters");
            }
            TimeUnit.MILLISECONDS.sleep(200);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        double rate = commands / seconds;
        System.out.printf(Locale.ROOT,
                "pipeline: %d create commands to %s (3 groups each, 1 shared) produced in %.1f s; all applied after %.1f s: %.0f accounts/s with concurrency %d%n",
                commands, target, produceSeconds, seconds, rate, concurrency);

        double ldapaddRate = 0;
        if (target.equals("corp-ldap")) {
            double ldapaddSeconds = rawLdapadd();
            ldapaddRate = commands / ldapaddSeconds;
            System.out.printf(Locale.ROOT, "ldapadd : %d plain entries (no groups) in %.1f s: %.0f entries/s%n",
                    commands, ldapaddSeconds, ldapaddRate);
        }

        String json = String.format(Locale.ROOT,
                "{\"run\":\"%s\",\"target\":\"%s\",\"concurrency\":%d,\"commands\":%d,\"seconds\":%.2f,\"accountsPerSecond\":%.0f,\"ldapaddPerSecond\":%.0f}%n",
                run, target, concurrency, commands, seconds, rate, ldapaddRate);
        Path out = Path.of(System.getProperty("bench.out", "target/bench/connector-" + target + ".json"));
        Files.createDirectories(out.getParent());
        Files.writeString(out, json);
        System.out.println("results written to " + out.toAbsolutePath());
    }

    private double produce() {
        String shared = "bench-all-" + run;
        List<String> managed = new ArrayList<>(List.of("\"" + shared + "\""));
        for (int d = 0; d < 20; d++) {
            managed.add("\"bench-dept-" + run + "-" + d + "\"");
        }
        for (int s = 0; s < 10; s++) {
            managed.add("\"bench-site-" + run + "-" + s + "\"");
        }
        String managedJson = "[" + String.join(",", managed) + "]";
        long start = System.nanoTime();
        try (KafkaProducer<String, String> producer = BenchKafka.producer(bootstrap, Map.of())) {
            for (int n = 0; n < commands; n++) {
                String worker = run + "-" + n;
                String account = "b" + run + n;
                String groups = "[\"" + shared + "\",\"bench-dept-" + run + "-" + (n % 20) + "\",\"bench-site-" + run + "-" + (n % 10) + "\"]";
                String command = "{\"commandId\":\"" + UUID.randomUUID() + "\",\"correlationId\":\"bench-" + run
                        + "\",\"workerId\":\"" + worker + "\",\"targetId\":\"" + target + "\",\"accountId\":\"" + account
                        + "\",\"sequence\":1,\"state\":\"PRESENT\",\"attributes\":" + attributes(n, worker, account)
                        + ",\"groups\":" + groups
                        + ",\"managedGroups\":" + managedJson + ",\"grants\":{},\"policyVersion\":1,\"reason\":\"JOINER\",\"issuedAt\":\""
                        + Instant.now() + "\"}";
                producer.send(new ProducerRecord<>("provisioning.commands." + target, worker, command));
            }
            producer.flush();
        }
        return (System.nanoTime() - start) / 1e9;
    }

    /** The attributes of one account as the target names them (the default policy's mapping). */
    private String attributes(int n, String worker, String account) {
        String mail = account + "@example.com";
        return switch (target) {
            case "apps-scim" -> "{\"name.givenName\":[\"Bench\"],\"name.familyName\":[\"Worker " + n
                    + "\"],\"emails\":[\"" + mail + "\"]}";
            case "legacy-db" -> "{\"display_name\":[\"Bench Worker " + n + "\"],\"given_name\":[\"Bench\"],"
                    + "\"family_name\":[\"Worker " + n + "\"],\"mail\":[\"" + mail + "\"],\"employee_number\":[\""
                    + worker + "\"]}";
            default -> "{\"cn\":[\"Bench Worker " + n + "\"],\"sn\":[\"Worker " + n + "\"],\"givenName\":[\"Bench\"],"
                    + "\"mail\":[\"" + mail + "\"],\"employeeNumber\":[\"" + worker + "\"]}";
        };
    }

    private Pattern outcomes(String status) {
        return Pattern.compile("(?m)^provisioning_connector_outcomes_total\\{[^}]*status=\"" + status
                + "\"[^}]*target=\"" + Pattern.quote(target) + "\"[^}]*}\\s+([0-9.eE+]+)");
    }

    /** The target's concurrency as connector-service reports it. */
    private int concurrency() throws Exception {
        String token = BenchHttp.token(keycloak, "ops-console");
        var response = BenchHttp.CLIENT.send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(connector + "/api/v1/targets")).header("Authorization", "Bearer " + token).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        var matcher = Pattern.compile("\"id\":\"" + Pattern.quote(target) + "\"[^}]*\"concurrency\":(\\d+)")
                .matcher(response.body());
        if (!matcher.find()) {
            throw new IllegalStateException("target " + target + " is not configured in connector-service");
        }
        return Integer.parseInt(matcher.group(1));
    }

    private double rawLdapadd() throws Exception {
        Path ldif = Files.createTempFile("bench-ldapadd-", ".ldif");
        StringBuilder entries = new StringBuilder();
        for (int n = 0; n < commands; n++) {
            String uid = "r" + run + n;
            entries.append("dn: uid=").append(uid).append(",ou=people,dc=example,dc=com\n")
                    .append("objectClass: inetOrgPerson\nuid: ").append(uid)
                    .append("\ncn: Raw Entry ").append(n).append("\nsn: Entry ").append(n)
                    .append("\nmail: ").append(uid).append("@example.com\n\n");
        }
        Files.writeString(ldif, entries);
        long start = System.nanoTime();
        Process ldapadd = new ProcessBuilder("ldapadd", "-x", "-H", ldapUrl, "-D", "cn=admin,dc=example,dc=com",
                "-w", System.getProperty("ldap.password", "admin"), "-f", ldif.toString())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectErrorStream(true).start();
        if (ldapadd.waitFor() != 0) {
            throw new IllegalStateException("ldapadd failed with exit code " + ldapadd.exitValue());
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        Files.delete(ldif);
        return seconds;
    }
}
