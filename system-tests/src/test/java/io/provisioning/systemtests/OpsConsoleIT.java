package io.provisioning.systemtests;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.LDAPConnection;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * The ops console in a real browser (headless Chromium driven by Selenium) against the running
 * stack, signed in through Keycloak as the realm's users: each role finds and does what its work
 * needs, and is refused what it may not.
 */
class OpsConsoleIT {

    private static final String POSTGRES = "jdbc:postgresql://127.0.0.1:15432/postgres";
    private static final String RUN = UUID.randomUUID().toString().substring(0, 6).toUpperCase();
    /** The run in letters only, for names (which hold letters of any script, no digits). */
    private static final String RUN_LETTERS = RUN.chars().mapToObj(c -> String.valueOf((char) (Character.isDigit(c)
            ? 'a' + (c - '0') : Character.toLowerCase(c)))).collect(Collectors.joining());
    private static final String YESTERDAY = LocalDate.now(ZoneOffset.UTC).minusDays(1).toString();

    @AfterAll
    static void theLegacyApplicationHasItsRightsBack() throws SQLException {
        legacyLogin(true);
        legacyInserts(true);
    }

    @Test
    void anOperatorFindsAWorkerByNameAndSeesTheirAccountsAndHistory() throws Exception {
        String worker = "OC-" + RUN + "-W";
        hire(worker, "Ottilie", "Consolewright" + RUN_LETTERS, "Engineering");
        awaitAccount(worker, "corp-ldap", "ACTIVE");

        try (ConsoleBrowser oscar = ConsoleBrowser.signedInAs("oscar", "oscar-pw")) {
            assertThat(oscar.text(By.id("signed-in-as"))).isEqualTo("oscar");
            oscar.open("/workers");
            oscar.find(By.id("q")).sendKeys("consolewright" + RUN_LETTERS);
            oscar.find(By.cssSelector("form.search button")).click();

            oscar.waitFor(By.id("accounts"));
            assertThat(oscar.url()).endsWith("/workers/" + worker);
            assertThat(oscar.text(By.id("lifecycle"))).isEqualTo("ACTIVE");
            WebElement ldap = oscar.find(By.cssSelector("#accounts tr[data-target='corp-ldap']"));
            assertThat(ldap.findElement(By.className("status")).getText()).isEqualTo("ACTIVE");
            assertThat(ldap.getText()).contains("engineering").contains("all-staff");
            assertThat(oscar.findAll(By.cssSelector("#history tbody tr"))).isNotEmpty();
            // an operator is not an auditor: the audit trail is not part of their page
            assertThat(oscar.findAll(By.id("trace-heading"))).isEmpty();
            oscar.screenshot("worker");
            assertThat(oscar.overflowAtPhoneSize()).as("the worker page is wider than a phone's screen").isZero();
            oscar.screenshot("worker-phone");
        }
    }

    @Test
    void anAuditorSeesAWorkersTraceVerifiesTheChainAndExportsIt() throws Exception {
        String worker = "OC-" + RUN + "-A";
        hire(worker, "Aurelia", "Auditable", "Sales");
        awaitAccount(worker, "corp-ldap", "ACTIVE");

        try (ConsoleBrowser carol = ConsoleBrowser.signedInAs("carol", "carol-pw")) {
            carol.open("/workers/" + worker);
            carol.waitFor(By.id("trace-heading"));
            carol.reloadUntil(() -> carol.find(By.tagName("main")).getText().contains("provisioning.outcome"),
                    Duration.ofSeconds(30));
            assertThat(carol.find(By.tagName("main")).getText()).contains("hr.worker.hired", "provisioning.command");
            assertThat(carol.text(By.id("verification"))).startsWith("Chain verified");

            carol.open("/audit/verify");
            assertThat(carol.text(By.id("verify-result"))).isEqualTo("VALID");
            assertThat(Long.parseLong(carol.text(By.id("verified-records")))).isPositive();
            carol.screenshot("audit-verify");

            carol.open("/audit?workerId=" + worker);
            assertThat(carol.findAll(By.cssSelector("#records tbody tr"))).hasSizeGreaterThanOrEqualTo(3);
            carol.screenshot("audit");
            HttpResponse<String> export = carol.download("/audit/export?format=ndjson");
            assertThat(export.statusCode()).isEqualTo(200);
            assertThat(export.headers().firstValue("Content-Disposition").orElse("")).contains("audit-trail.ndjson");
            List<String> lines = export.body().lines().toList();
            assertThat(lines).isNotEmpty().allSatisfy(line -> assertThat(line).startsWith("{").contains("\"hash\""));
            assertThat(export.body()).contains(worker);
            HttpResponse<String> csv = carol.download("/audit/export?format=csv");
            assertThat(csv.statusCode()).isEqualTo(200);
            assertThat(csv.body().lines().findFirst().orElse("")).contains("seq");
        }
    }

    @Test
    void eachRoleIsRefusedThePagesOfAnother() throws Exception {
        try (ConsoleBrowser oscar = ConsoleBrowser.signedInAs("oscar", "oscar-pw")) {
            oscar.open("/audit");
            assertThat(oscar.text(By.id("forbidden"))).contains("do not open this page");
            assertThat(oscar.findAll(By.linkText("Audit"))).isEmpty();
            oscar.screenshot("forbidden");
            HttpResponse<String> export = oscar.download("/audit/export?format=ndjson");
            assertThat(export.statusCode()).isEqualTo(403);
        }
        try (ConsoleBrowser carol = ConsoleBrowser.signedInAs("carol", "carol-pw")) {
            for (String page : List.of("/dead-letters", "/snapshots", "/reconciliations", "/policy")) {
                carol.open(page);
                assertThat(carol.text(By.id("forbidden"))).as(page).contains("do not open this page");
            }
            carol.open("/");
            assertThat(carol.findAll(By.id("targets"))).isEmpty();
            assertThat(carol.findAll(By.linkText("Dead letters"))).isEmpty();
        }
        try (ConsoleBrowser paula = ConsoleBrowser.signedInAs("paula", "paula-pw")) {
            paula.open("/workers/anyone");
            assertThat(paula.text(By.id("forbidden"))).contains("do not open this page");
        }
    }

    @Test
    void anOperatorApprovesAHeldSnapshotAndItsLeaversLoseTheirAccess() throws Exception {
        String source = "console-" + RUN.toLowerCase();
        List<String> workforce = IntStream.rangeClosed(1, 10).mapToObj(i -> "OC-" + RUN + "-S" + i).toList();
        submitSnapshot(source, workforce, "APPLIED");
        for (String worker : workforce) {
            awaitAccount(worker, "corp-ldap", "ACTIVE");
        }
        List<String> leavers = workforce.subList(8, 10);
        String held = submitSnapshot(source, workforce.subList(0, 8), "HELD");

        try (ConsoleBrowser oscar = ConsoleBrowser.signedInAs("oscar", "oscar-pw")) {
            oscar.open("/snapshots");
            oscar.find(By.cssSelector("a[href='/snapshots/" + held + "']")).click();
            assertThat(oscar.text(By.id("snapshot-status"))).isEqualTo("HELD");
            assertThat(oscar.text(By.id("count-terminated"))).isEqualTo("2");
            assertThat(oscar.findAll(By.cssSelector("#snapshot-workers li")).stream().map(WebElement::getText)
                    .collect(Collectors.joining("\n"))).contains(leavers.get(0)).contains(leavers.get(1));
            oscar.find(By.id("comment")).sendKeys("Two leavers confirmed with HR, ticket " + RUN);
            oscar.screenshot("snapshot-held");
            oscar.find(By.id("approve")).click();

            assertThat(oscar.text(By.id("snapshot-status"))).isEqualTo("APPLIED");
            assertThat(oscar.text(By.id("decision"))).contains("oscar").contains("ticket " + RUN);
            oscar.open("/workers/" + leavers.get(0));
            oscar.reloadUntil(() -> !oscar.text(By.id("lifecycle")).equals("ACTIVE")
                    && !oscar.find(By.cssSelector("#accounts tr[data-target='corp-ldap'] .status")).getText().equals("ACTIVE"),
                    Duration.ofSeconds(60));
            oscar.open("/workers/" + workforce.get(0));
            assertThat(oscar.text(By.id("lifecycle"))).isEqualTo("ACTIVE");
        }
    }

    @Test
    void aTargetWhoseLoginStopsWorkingTurnsRedAndItsDeadLettersAreRetriedOnceItsRightsAreBack() throws Exception {
        try (ConsoleBrowser oscar = ConsoleBrowser.signedInAs("oscar", "oscar-pw")) {
            oscar.open("/");
            WebElement row = oscar.waitFor(By.id("target-legacy-db"));
            assertThat(row.getAttribute("data-state")).isNotEqualTo("down");
            oscar.screenshot("overview");

            legacyLogin(false);
            // the page refreshes its table itself; the target is probed every few seconds
            oscar.waitUntil(() -> "down".equals(oscar.find(By.id("target-legacy-db")).getAttribute("data-state")),
                    Duration.ofSeconds(30));
            assertThat(oscar.find(By.cssSelector("#target-legacy-db .health")).getText()).isEqualTo("DOWN");
            assertThat(oscar.find(By.cssSelector("#target-legacy-db .last-error")).getText()).contains("legacy_app");
            oscar.screenshot("overview-target-down");
            legacyLogin(true);
            oscar.waitUntil(() -> !"down".equals(oscar.find(By.id("target-legacy-db")).getAttribute("data-state")),
                    Duration.ofSeconds(30));

            // a right taken away is a permanent failure: the command is dead-lettered at once
            legacyInserts(false);
            String worker = "OC-" + RUN + "-F";
            hire(worker, "Fenna", "Failover", "Finance");
            await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(2)).until(() -> given()
                    .auth().oauth2(Stack.token("ops-console")).queryParam("targetId", "legacy-db").queryParam("limit", 500)
                    .get(Stack.CONNECTOR + "/api/v1/dead-letters").then().statusCode(200).extract().jsonPath()
                    .getList("items.workerId", String.class).contains(worker));
            legacyInserts(true);

            oscar.open("/dead-letters?targetId=legacy-db");
            WebElement letter = oscar.waitFor(By.xpath("//tr[td/a[text()='" + worker + "']]"));
            assertThat(letter.getText()).contains("SQL");
            letter.findElement(By.cssSelector("input[type=checkbox]")).click();
            oscar.screenshot("dead-letters");
            oscar.find(By.id("retry-selected")).click();

            oscar.waitFor(By.id("retried"));
            oscar.waitUntil(() -> "true".equals(oscar.find(By.cssSelector("#retried .retry-result"))
                    .getAttribute("data-settled")), Duration.ofSeconds(60));
            assertThat(oscar.find(By.cssSelector("#retried .retry-result")).getText()).startsWith("ACTIVE");
            oscar.screenshot("dead-letters-retried");
            awaitAccount(worker, "legacy-db", "ACTIVE");
        } finally {
            legacyLogin(true);
            legacyInserts(true);
        }
    }

    @Test
    void anOperatorRunsAReconciliationWatchesItToTheEndAndDisablesTheOrphanItFound() throws Exception {
        String orphan = "ocorphan" + RUN_LETTERS;
        String dn = "uid=" + orphan + ",ou=people,dc=example,dc=com";
        try (LDAPConnection ldap = directory()) {
            ldap.add(new Entry("dn: " + dn, "objectClass: inetOrgPerson", "uid: " + orphan, "cn: Made By Hand",
                    "sn: Hand"));
        }
        try (ConsoleBrowser oscar = ConsoleBrowser.signedInAs("oscar", "oscar-pw")) {
            oscar.open("/reconciliations");
            oscar.find(By.id("start-corp-ldap")).click();
            oscar.waitFor(By.id("run-progress"));
            assertThat(oscar.url()).contains("/reconciliations/");
            oscar.waitUntil(() -> !oscar.findAll(By.id("drift-counts")).isEmpty(), Duration.ofMinutes(3));
            assertThat(oscar.text(By.id("run-status"))).isNotEqualTo("RUNNING");
            assertThat(oscar.find(By.tagName("main")).getText()).contains("accounts read from the target");
            oscar.screenshot("reconciliation");

            oscar.find(By.id("disable-" + orphan)).click();
            assertThat(oscar.text(By.id("decided"))).contains(orphan).contains("disabled");
            try (LDAPConnection ldap = directory()) {
                assertThat(ldap.getEntry(dn, "*", "+").hasAttribute("pwdAccountLockedTime"))
                        .as("the orphan is locked, and kept").isTrue();
            }
        } finally {
            try (LDAPConnection ldap = directory()) {
                ldap.delete(dn);
            }
        }
    }

    @Test
    void aPolicyAdminPreviewsADraftActivatesItAndComparesTheVersions() throws Exception {
        try (ConsoleBrowser paula = ConsoleBrowser.signedInAs("paula", "paula-pw")) {
            paula.open("/policy");
            paula.find(By.id("new-draft")).click();
            WebElement document = paula.waitFor(By.id("document"));
            String marker = "# reviewed in the console, run " + RUN;
            ((org.openqa.selenium.JavascriptExecutor) driverOf(paula)).executeScript(
                    "arguments[0].value = arguments[0].value + arguments[1];", document, "\n" + marker + "\n");
            paula.find(By.id("comment")).sendKeys("console review " + RUN);
            paula.find(By.id("preview")).click();

            paula.waitFor(By.id("preview-result"));
            assertThat(paula.findAll(By.cssSelector("#preview-counts tr[data-target='corp-ldap']"))).hasSize(1);
            paula.screenshot("policy-preview");
            paula.find(By.id("activate")).click();

            assertThat(paula.text(By.id("version-comment"))).isEqualTo("console review " + RUN);
            assertThat(paula.text(By.id("document"))).contains(marker);
            paula.open("/policy");
            paula.find(By.id("compare")).click();
            assertThat(paula.text(By.id("diff-summary"))).contains("added");
            assertThat(paula.find(By.cssSelector("#diff .add")).getText()).contains(marker);
            paula.screenshot("policy-diff");
        }
    }

    private static LDAPConnection directory() throws com.unboundid.ldap.sdk.LDAPException {
        return new LDAPConnection(Stack.LDAP_HOST, Stack.LDAP_PORT, "cn=admin,dc=example,dc=com", "admin");
    }

    private static org.openqa.selenium.WebDriver driverOf(ConsoleBrowser browser) {
        return browser.driver();
    }

    private static void hire(String workerId, String given, String family, String department) {
        String event = """
                {"specversion":"1.0","id":"%s","source":"urn:hris:console-test","type":"hr.worker.hired","subject":"%s",
                 "time":"%s","datacontenttype":"application/json","data":{"workerId":"%s","givenName":"%s",
                 "familyName":"%s","workerType":"EMPLOYEE","department":"%s","jobTitle":"Analyst","startDate":"%s"}}"""
                .formatted(UUID.randomUUID(), workerId, Instant.now(), workerId, given, family, department, YESTERDAY);
        given().auth().oauth2(Stack.token("hris-publisher")).contentType("application/cloudevents+json")
                .body(event.getBytes(StandardCharsets.UTF_8)).post(Stack.INGEST + "/api/v1/hr-events")
                .then().statusCode(202);
    }

    private static String submitSnapshot(String source, List<String> workers, String status) {
        String csv = "workerId,givenName,familyName,workerType,department,startDate\n" + workers.stream()
                .map(w -> w + ",Snap,Shot" + RUN_LETTERS + ",EMPLOYEE,Marketing," + YESTERDAY)
                .collect(Collectors.joining("\n")) + "\n";
        return given().auth().oauth2(Stack.token("hris-publisher")).contentType("text/csv")
                .body(csv.getBytes(StandardCharsets.UTF_8)).post(Stack.INGEST + "/api/v1/hr-snapshots?source=" + source)
                .then().statusCode(202).body("status", org.hamcrest.Matchers.equalTo(status))
                .extract().path("snapshotId");
    }

    private static void awaitAccount(String workerId, String targetId, String status) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> {
            var identity = given().auth().oauth2(Stack.token("ops-console"))
                    .get(Stack.POLICY + "/api/v1/identities/" + workerId);
            return identity.statusCode() == 200 && status.equals(identity.jsonPath()
                    .getString("accounts.find { it.targetId == '" + targetId + "' }.status"));
        });
    }

    /** The legacy application's right to add users, taken away and given back as a DBA would. */
    private static void legacyInserts(boolean allowed) throws SQLException {
        try (Connection db = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:15432/legacy", "postgres", "");
             Statement sql = db.createStatement()) {
            sql.execute(allowed ? "GRANT INSERT ON app_users TO legacy_app" : "REVOKE INSERT ON app_users FROM legacy_app");
        }
    }

    /** The legacy application's database login, taken away and given back as a DBA would. */
    private static void legacyLogin(boolean allowed) throws SQLException {
        try (Connection db = DriverManager.getConnection(POSTGRES, "postgres", "");
             Statement sql = db.createStatement()) {
            sql.execute("ALTER ROLE legacy_app " + (allowed ? "LOGIN" : "NOLOGIN"));
            if (!allowed) {
                sql.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = 'legacy_app'");
            }
        }
    }
}
