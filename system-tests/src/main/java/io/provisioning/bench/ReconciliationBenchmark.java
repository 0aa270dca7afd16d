package io.provisioning.bench;

import io.provisioning.stack.StackKafka;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Measures a reconciliation of corp-ldap on the running stack. Set-up (not timed): N accounts
 * (default 100 000, one shared group each) created through the pipeline — commands to
 * provisioning.commands.corp-ldap and the same records to provisioning.desired.corp-ldap, as
 * policy-service relays them — until all are applied. Timed: POST a report-mode reconciliation
 * and poll until it completes. Prints the run's time, accounts read per second and its counts.
 * Settings: bench.accounts, kafka.bootstrap.servers, stack.connector.url, stack.keycloak.url, bench.out.
 */
public final class ReconciliationBenchmark {

    private static final Pattern APPLIED = Pattern.compile(
            "(?m)^provisioning_connector_outcomes_total\\{[^}]*status=\"APPLIED\"[^}]*target=\"corp-ldap\"[^}]*}\\s+([0-9.eE+]+)");

    private final String connector = System.getProperty("stack.connector.url", "http://127.0.0.1:8083");
    private final String keycloak = System.getProperty("stack.keycloak.url", "http://127.0.0.1:8180");
    private final String bootstrap = StackKafka.bootstrapServers();
    private final int accounts = Integer.getInteger("bench.accounts", 100_000);
    private final String run = "q" + UUID.randomUUID().toString().substring(0, 6);

    public static void main(String[] args) throws Exception {
        new ReconciliationBenchmark().run();
    }

    private void run() throws Exception {
        System.out.printf(Locale.ROOT, "reconciliation benchmark, run %s: creating %d accounts in corp-ldap first%n",
                run, accounts);
        double before = Quiet.metric(connector, APPLIED);
        long setUp = System.nanoTime();
        produce();
        while (Quiet.metric(connector, APPLIED) < before + accounts) {
            TimeUnit.SECONDS.sleep(1);
        }
        System.out.printf(Locale.ROOT, "set-up  : %d accounts applied in %.0f s%n", accounts, (System.nanoTime() - setUp) / 1e9);

        String token = BenchHttp.token(keycloak, "ops-console");
        long start = System.nanoTime();
        HttpResponse<String> started = BenchHttp.CLIENT.send(HttpRequest.newBuilder(
                        URI.create(connector + "/api/v1/targets/corp-ldap/reconciliations?mode=report"))
                .header("Authorization", "Bearer " + token).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        Matcher runId = Pattern.compile("\"runId\"\\s*:\\s*\"([^\"]+)\"").matcher(started.body());
        if (started.statusCode() != 202 || !runId.find()) {
            throw new IllegalStateException("reconciliation not started: HTTP " + started.statusCode() + " " + started.body());
        }
        String report;
        do {
            TimeUnit.MILLISECONDS.sleep(250);
            report = BenchHttp.CLIENT.send(HttpRequest.newBuilder(URI.create(connector + "/api/v1/reconciliations/"
                            + runId.group(1) + "?limit=1")).header("Authorization", "Bearer " + token).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
        } while (report.contains("\"status\":\"RUNNING\""));
        double seconds = (System.nanoTime() - start) / 1e9;
        if (!report.contains("\"status\":\"COMPLETED\"")) {
            throw new IllegalStateException("reconciliation did not complete: " + report);
        }
        Matcher read = Pattern.compile("\"accountsRead\"\\s*:\\s*(\\d+)").matcher(report);
        long accountsRead = read.find() ? Long.parseLong(read.group(1)) : -1;
        Matcher counts = Pattern.compile("\"counts\"\\s*:\\s*(\\{[^}]*})").matcher(report);
        String countsJson = counts.find() ? counts.group(1) : "{}";
        System.out.printf(Locale.ROOT, "reconcile: %d accounts read and compared in %.1f s (%.0f accounts/s); counts %s%n",
                accountsRead, seconds, accountsRead / seconds, countsJson);
        String json = String.format(Locale.ROOT, "{\"run\":\"%s\",\"accountsRead\":%d,\"seconds\":%.2f,\"counts\":%s}%n",
                run, accountsRead, seconds, countsJson);
        Path out = Path.of(System.getProperty("bench.out", "target/bench/reconciliation.json"));
        Files.createDirectories(out.getParent());
        Files.writeString(out, json);
        System.out.println("results written to " + out.toAbsolutePath());
    }

    private void produce() {
        String group = "bench-rec-" + run;
        try (KafkaProducer<String, String> producer = BenchKafka.producer(bootstrap, Map.of())) {
            for (int n = 0; n < accounts; n++) {
                String worker = run + "-" + n;
                String account = run + n;
                String command = "{\"commandId\":\"" + UUID.randomUUID() + "\",\"correlationId\":\"bench-" + run
                        + "\",\"workerId\":\"" + worker + "\",\"targetId\":\"corp-ldap\",\"accountId\":\"" + account
                        + "\",\"sequence\":1,\"state\":\"PRESENT\",\"attributes\":{\"cn\":[\"Rec Worker " + n
                        + "\"],\"sn\":[\"Worker " + n + "\"]},\"groups\":[\"" + group + "\"],\"managedGroups\":[\""
                        + group + "\"],\"grants\":{},\"policyVersion\":1,\"reason\":\"JOINER\",\"issuedAt\":\""
                        + Instant.now() + "\"}";
                producer.send(new ProducerRecord<>("provisioning.commands.corp-ldap", worker, command));
                producer.send(new ProducerRecord<>("provisioning.desired.corp-ldap", worker, command));
            }
            producer.flush();
        }
    }
}
