package io.provisioning.systemtests;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SearchScope;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Data shaped like a real HRIS's, through the whole stack into OpenLDAP: events stamped to the
 * second, and names written in many scripts.
 */
class RealHrDataIT {

    private static final String PEOPLE = "ou=people,dc=example,dc=com";
    private static final Path NAMES = Path.of("../test-support/src/main/resources/names/workers-in-many-scripts.tsv");

    @Test
    void aTerminationStampedInTheSameSecondAsAnUpdateEndsAccessWhicheverIdSortsFirst() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String department = "Same-Second-" + run;
        String yesterday = LocalDate.now(ZoneOffset.UTC).minusDays(1).toString();
        List<String> workers = new ArrayList<>();
        List<String> hires = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            String worker = "SS-" + run + "-" + i;
            workers.add(worker);
            hires.add(event(UUID.randomUUID().toString(), "hr.worker.hired", worker, Instant.now(), record(worker, department,
                    "Analyst", yesterday)));
        }
        postBatch(hires);
        awaitDirectory("(&(employeeNumber=SS-" + run + "-*)(!(pwdAccountLockedTime=*)))", 1000);

        // one second for both events of a worker, as an HRIS export stamps them; random ids
        Instant second = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        List<String> inOneBatch = new ArrayList<>();
        for (int i = 0; i < workers.size(); i++) {
            String worker = workers.get(i);
            String update = event(UUID.randomUUID().toString(), "hr.worker.updated", worker, second,
                    record(worker, department, "Senior Analyst", yesterday));
            String termination = event(UUID.randomUUID().toString(), "hr.worker.terminated", worker, second,
                    "{\"workerId\":\"%s\",\"effectiveDate\":\"%s\"}".formatted(worker, yesterday));
            if (i % 2 == 0) {
                inOneBatch.add(update);
                inOneBatch.add(termination);
            } else {
                postOne(update);
                postOne(termination);
            }
        }
        postBatch(inOneBatch);

        // 1 000 terminations within the hour exceed the burst guard: the operator approves them
        awaitDirectory("(&(employeeNumber=SS-" + run + "-*)(pwdAccountLockedTime=*))", 1000,
                () -> HeldTerminations.approveHoldsOf("SS-" + run + "-"));
        long terminated = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).until(
                () -> given().auth().oauth2(Stack.token("ops-console")).queryParam("lifecycle", "TERMINATED")
                        .queryParam("department", department).queryParam("size", 1)
                        .get(Stack.POLICY + "/api/v1/identities").then().statusCode(200).extract().jsonPath()
                        .getLong("total"), total -> total == 1000);
        assertThat(terminated).isEqualTo(1000);
        System.out.printf("same-second update and termination: %d of %d workers TERMINATED and locked in OpenLDAP%n",
                terminated, workers.size());
    }

    @Test
    void everyWorkerGetsAStableAsciiAccountWhateverScriptTheirNameIsWrittenIn() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String yesterday = LocalDate.now(ZoneOffset.UTC).minusDays(1).toString();
        List<String[]> corpus = Files.readAllLines(NAMES, StandardCharsets.UTF_8).stream()
                .filter(line -> !line.isBlank() && !line.startsWith("#")).map(line -> line.split("\t")).toList();
        assertThat(corpus).hasSizeGreaterThanOrEqualTo(60);
        assertThat(corpus.stream().map(row -> row[0]).distinct()).hasSizeGreaterThanOrEqualTo(12);
        Map<String, String[]> byWorker = new HashMap<>();
        List<String> hires = new ArrayList<>();
        for (int i = 0; i < corpus.size(); i++) {
            String worker = "NM-" + run + "-" + i;
            byWorker.put(worker, corpus.get(i));
            hires.add(event(UUID.randomUUID().toString(), "hr.worker.hired", worker, Instant.now(),
                    named(worker, corpus.get(i)[1], corpus.get(i)[2], "Analyst", yesterday)));
        }
        postBatch(hires);

        List<SearchResultEntry> entries = awaitDirectory("(employeeNumber=NM-" + run + "-*)", corpus.size());
        Map<String, String> uidOf = new HashMap<>();
        for (SearchResultEntry entry : entries) {
            String[] name = byWorker.get(entry.getAttributeValue("employeeNumber"));
            assertThat(entry.getAttributeValue("uid")).as(name[0]).matches("[a-z0-9]{1,20}");
            assertThat(entry.getAttributeValue("cn")).isEqualTo(name[1] + " " + name[2]);
            assertThat(entry.getAttributeValue("displayName")).isEqualTo(name[1] + " " + name[2]);
            uidOf.put(entry.getAttributeValue("employeeNumber"), entry.getAttributeValue("uid"));
            System.out.printf("  %-22s %s %s -> %s%n", name[0], name[1], name[2], entry.getAttributeValue("uid"));
        }

        List<String> moves = new ArrayList<>();
        byWorker.forEach((worker, name) -> moves.add(event(UUID.randomUUID().toString(), "hr.worker.updated", worker,
                Instant.now(), named(worker, name[1], name[2], "Lead Analyst", yesterday))));
        postBatch(moves);
        List<SearchResultEntry> moved = awaitDirectory("(&(employeeNumber=NM-" + run + "-*)(title=Lead Analyst))",
                corpus.size());
        assertThat(moved).allSatisfy(entry -> assertThat(entry.getAttributeValue("uid"))
                .isEqualTo(uidOf.get(entry.getAttributeValue("employeeNumber"))));
    }

    private static List<SearchResultEntry> awaitDirectory(String filter, int expected) {
        return awaitDirectory(filter, expected, () -> { });
    }

    /** Waits for the entries, doing what the wait needs (an operator's approval) before each look. */
    private static List<SearchResultEntry> awaitDirectory(String filter, int expected, Runnable beforeEachLook) {
        return await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1)).until(() -> {
            beforeEachLook.run();
            try (LDAPConnection ldap = new LDAPConnection(Stack.LDAP_HOST, Stack.LDAP_PORT,
                    "cn=admin,dc=example,dc=com", "admin")) {
                return ldap.search(PEOPLE, SearchScope.ONE, Filter.create(filter), "*", "pwdAccountLockedTime")
                        .getSearchEntries();
            }
        }, found -> found.size() == expected);
    }

    private static String record(String worker, String department, String title, String start) {
        return named(worker, "Sam", "Second", title, start).replace("\"department\":\"QA\"",
                "\"department\":\"" + department + "\"");
    }

    private static String named(String worker, String given, String family, String title, String start) {
        return """
                {"workerId":"%s","givenName":"%s","familyName":"%s","workerType":"EMPLOYEE","department":"QA",
                 "jobTitle":"%s","startDate":"%s"}""".formatted(worker, given, family, title, start);
    }

    private static String event(String id, String type, String worker, Instant time, String data) {
        return """
                {"specversion":"1.0","id":"%s","source":"urn:hris:system-test","type":"%s","subject":"%s",
                 "time":"%s","datacontenttype":"application/json","data":%s}""".formatted(id, type, worker, time, data);
    }

    private static void postBatch(List<String> events) {
        for (int from = 0; from < events.size(); from += 1000) {
            List<String> batch = events.subList(from, Math.min(events.size(), from + 1000));
            given().auth().oauth2(Stack.token("hris-publisher")).contentType("application/cloudevents-batch+json")
                    .body(("[" + String.join(",", batch) + "]").getBytes(StandardCharsets.UTF_8))
                    .post(Stack.INGEST + "/api/v1/hr-events").then().statusCode(202);
        }
    }

    private static void postOne(String event) {
        given().auth().oauth2(Stack.token("hris-publisher")).contentType("application/cloudevents+json")
                .body(event.getBytes(StandardCharsets.UTF_8)).post(Stack.INGEST + "/api/v1/hr-events")
                .then().statusCode(202);
    }
}
