package io.provisioning.connector.reconciliation;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import io.provisioning.connector.runtime.OutcomeProbe;
import io.provisioning.connector.runtime.StandInTargetsResource;
import io.provisioning.contracts.Json;
import io.provisioning.contracts.Topics;
import io.provisioning.contracts.command.AccountState;
import io.provisioning.contracts.command.ProvisioningCommand;
import io.provisioning.contracts.command.OutcomeStatus;
import io.provisioning.testsupport.EmbeddedPostgresResource;
import io.provisioning.testsupport.KafkaResource;
import io.provisioning.testsupport.OpenLdapResource;
import io.provisioning.testsupport.OpenLdapServer;
import io.provisioning.testsupport.Roles;
import io.provisioning.testsupport.TestTokens;
import io.provisioning.testsupport.TopicProbe;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * Drift made by hand in the real OpenLDAP (a group added, an account created, one deleted, a
 * leaver enabled again) is found by a reconciliation, left alone in report mode and undone in
 * repair mode through the normal command path.
 */
@QuarkusTest
@WithTestResource(value = KafkaResource.class, initArgs = @ResourceArg(name = "targets", value = "corp-ldap,retry-ldap,down-ldap"))
@WithTestResource(EmbeddedPostgresResource.class)
@WithTestResource(OidcWiremockTestResource.class)
@WithTestResource(OpenLdapResource.class)
@WithTestResource(StandInTargetsResource.class)
class ReconciliationTest {

    private static final ObjectMapper MAPPER = Json.mapper();
    private static final String PEOPLE = ",ou=people,dc=example,dc=com";
    private static final String GROUPS = ",ou=groups,dc=example,dc=com";

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String kafka;

    @Test
    void driftMadeByHandIsReportedThenRepairedButOrphansAreKept() throws Exception {
        String run = "r" + UUID.randomUUID().toString().substring(0, 6);
        String managedGroup = "rec-staff-" + run;
        String handGroup = "rec-sales-" + run;
        List<String> managed = List.of(managedGroup, handGroup);
        ProvisioningCommand staying = desired(run + "a", 1, AccountState.PRESENT, List.of(managedGroup), managed);
        ProvisioningCommand leaver = desired(run + "b", 2, AccountState.DISABLED, List.of(), managed);
        ProvisioningCommand deletedByHand = desired(run + "c", 1, AccountState.PRESENT, List.of(managedGroup), managed);
        for (ProvisioningCommand command : List.of(staying, leaver, deletedByHand)) {
            applyAndRemember(command);
        }
        String orphan = run + "x";
        try (LDAPConnection ldap = OpenLdapServer.get().connect()) {
            // someone adds a managed group by hand, creates an account, deletes one, re-enables a leaver
            ldap.add(new Entry("dn: cn=" + handGroup + GROUPS, "objectClass: groupOfNames", "cn: " + handGroup,
                    "member: uid=" + staying.accountId() + PEOPLE));
            ldap.add(new Entry("dn: uid=" + orphan + PEOPLE, "objectClass: inetOrgPerson", "uid: " + orphan,
                    "cn: Orphan", "sn: Orphan"));
            ldap.delete("uid=" + deletedByHand.accountId() + PEOPLE);
            ldap.modify("uid=" + leaver.accountId() + PEOPLE, new Modification(ModificationType.DELETE, "pwdAccountLockedTime"));
        }

        JsonPath report = runToCompletion("report");

        assertThat(item(report, staying.accountId(), "GROUP_DRIFT")).contains("extra " + handGroup);
        assertThat(item(report, orphan, "ORPHAN")).contains("no identity");
        assertThat(item(report, deletedByHand.accountId(), "MISSING")).contains("should exist");
        assertThat(item(report, leaver.accountId(), "STATE_DRIFT")).contains("enabled but should be disabled");
        assertThat(report.getInt("counts.REPAIRS_ISSUED")).isZero();
        try (LDAPConnection ldap = OpenLdapServer.get().connect()) {
            assertThat(ldap.getEntry("uid=" + deletedByHand.accountId() + PEOPLE)).as("report changes nothing").isNull();
        }

        JsonPath repair = runToCompletion("repair");

        assertThat(repair.getInt("counts.REPAIRS_ISSUED")).isGreaterThanOrEqualTo(3);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            try (LDAPConnection ldap = OpenLdapServer.get().connect()) {
                assertThat(ldap.getEntry("uid=" + deletedByHand.accountId() + PEOPLE)).isNotNull();
                assertThat(ldap.getEntry("uid=" + leaver.accountId() + PEOPLE, "pwdAccountLockedTime")
                        .getAttributeValue("pwdAccountLockedTime")).isEqualTo("000001010000Z");
                assertThat(ldap.getEntry("cn=" + handGroup + GROUPS).getAttributeValues("member"))
                        .doesNotContain("uid=" + staying.accountId() + PEOPLE);
                assertThat(ldap.getEntry("uid=" + orphan + PEOPLE)).as("orphans are never deleted").isNotNull();
            }
        });
        String repairRun = repair.getString("runId");
        assertThat(TopicProbe.readAll(kafka, Topics.OUTCOMES)).anyMatch(r -> r.value().contains(repairRun));
    }

    @Test
    void anOperatorLinksAnOrphanToAWorkerWhoseCommandsThenConvergeIt() throws Exception {
        String orphan = "o" + UUID.randomUUID().toString().substring(0, 8);
        try (LDAPConnection ldap = OpenLdapServer.get().connect()) {
            ldap.add(new Entry("dn: uid=" + orphan + PEOPLE, "objectClass: inetOrgPerson", "uid: " + orphan,
                    "cn: Old System", "sn: System"));
        }
        ProvisioningCommand hire = desired(orphan, 1, AccountState.PRESENT, List.of(), List.of());
        TopicProbe.publish(kafka, Topics.commands("corp-ldap"), hire.workerId(), MAPPER.writeValueAsString(hire));
        OutcomeProbe.awaitOutcome(kafka, hire.commandId(), OutcomeStatus.CONFLICT);
        String runId = runToCompletion("report").getString("runId");

        given().auth().oauth2(operator()).queryParam("workerId", "bad worker id")
                .when().post("/api/v1/reconciliations/" + runId + "/orphans/" + orphan + "/link")
                .then().statusCode(400).contentType("application/problem+json").body("errors[0].pointer", equalTo("/workerId"));
        given().auth().oauth2(operator()).queryParam("workerId", hire.workerId())
                .when().post("/api/v1/reconciliations/" + runId + "/orphans/not-an-orphan/link").then().statusCode(404);
        given().auth().oauth2(TestTokens.withRoles("aud", Roles.AUDITOR)).queryParam("workerId", hire.workerId())
                .when().post("/api/v1/reconciliations/" + runId + "/orphans/" + orphan + "/link").then().statusCode(403);
        given().auth().oauth2(operator()).queryParam("workerId", hire.workerId())
                .when().post("/api/v1/reconciliations/" + runId + "/orphans/" + orphan + "/link")
                .then().statusCode(200).body("correlationAttribute", equalTo("employeeNumber"))
                .body("linkedBy", equalTo("ops-user"));

        try (LDAPConnection ldap = OpenLdapServer.get().connect()) {
            assertThat(ldap.getEntry("uid=" + orphan + PEOPLE).getAttributeValue("employeeNumber")).isEqualTo(hire.workerId());
        }
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(TopicProbe.readAll(kafka, Topics.POLICY_CHANGES))
                .anyMatch(r -> r.value().contains("reconciliation.orphan-linked") && r.value().contains(orphan)));
        ProvisioningCommand again = desired(orphan, 2, AccountState.PRESENT, List.of(), List.of());
        TopicProbe.publish(kafka, Topics.commands("corp-ldap"), again.workerId(), MAPPER.writeValueAsString(again));
        OutcomeProbe.awaitOutcome(kafka, again.commandId(), OutcomeStatus.APPLIED);
        try (LDAPConnection ldap = OpenLdapServer.get().connect()) {
            assertThat(ldap.getEntry("uid=" + orphan + PEOPLE).getAttributeValue("cn")).isEqualTo("Rec " + orphan);
        }
    }

    @Test
    void anOperatorDisablesAnOrphanWhichStaysInTheDirectoryUnusable() throws Exception {
        String orphan = "d" + UUID.randomUUID().toString().substring(0, 8);
        try (LDAPConnection ldap = OpenLdapServer.get().connect()) {
            ldap.add(new Entry("dn: uid=" + orphan + PEOPLE, "objectClass: inetOrgPerson", "uid: " + orphan,
                    "cn: Forgotten Admin", "sn: Admin"));
        }
        String runId = runToCompletion("report").getString("runId");

        given().auth().oauth2(TestTokens.withRoles("aud", Roles.AUDITOR))
                .when().post("/api/v1/reconciliations/" + runId + "/orphans/" + orphan + "/disable").then().statusCode(403);
        given().auth().oauth2(operator())
                .when().post("/api/v1/reconciliations/" + runId + "/orphans/not-an-orphan/disable").then().statusCode(404);
        given().auth().oauth2(operator())
                .when().post("/api/v1/reconciliations/" + runId + "/orphans/" + orphan + "/disable")
                .then().statusCode(200).body("disabledBy", equalTo("ops-user")).body("targetId", equalTo("corp-ldap"));
        // the decision can be sent again: the account stays as it is
        given().auth().oauth2(operator())
                .when().post("/api/v1/reconciliations/" + runId + "/orphans/" + orphan + "/disable").then().statusCode(200);

        try (LDAPConnection ldap = OpenLdapServer.get().connect()) {
            Entry entry = ldap.getEntry("uid=" + orphan + PEOPLE, "*", "+");
            assertThat(entry).as("an orphan is disabled, never deleted").isNotNull();
            assertThat(entry.hasAttribute("pwdAccountLockedTime")).isTrue();
        }
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(TopicProbe.readAll(kafka, Topics.POLICY_CHANGES))
                .anyMatch(r -> r.value().contains("reconciliation.orphan-disabled") && r.value().contains(orphan)));
    }

    @Test
    void runsNeedAnOperatorAndAnExistingTargetAndAValidMode() {
        given().when().post("/api/v1/targets/corp-ldap/reconciliations").then().statusCode(401);
        given().auth().oauth2(TestTokens.withRoles("aud", Roles.AUDITOR))
                .when().post("/api/v1/targets/corp-ldap/reconciliations").then().statusCode(403);
        given().auth().oauth2(operator()).when().post("/api/v1/targets/no-such-target/reconciliations")
                .then().statusCode(404).contentType("application/problem+json");
        given().auth().oauth2(operator()).queryParam("mode", "delete-everything")
                .when().post("/api/v1/targets/corp-ldap/reconciliations")
                .then().statusCode(400).body("errors[0].pointer", equalTo("/mode"));
        given().auth().oauth2(operator()).when().get("/api/v1/reconciliations/no-such-run").then().statusCode(404);
    }

    private JsonPath runToCompletion(String mode) {
        String runId = given().auth().oauth2(operator()).queryParam("mode", mode)
                .when().post("/api/v1/targets/corp-ldap/reconciliations")
                .then().statusCode(202).extract().path("runId");
        JsonPath report = await().atMost(Duration.ofSeconds(60)).until(
                () -> given().auth().oauth2(operator()).queryParam("limit", 1000)
                        .when().get("/api/v1/reconciliations/" + runId).then().statusCode(200).extract().jsonPath(),
                r -> !r.getString("status").equals("RUNNING"));
        assertThat(report.getString("status")).as(report.prettify()).isEqualTo("COMPLETED");
        return report;
    }

    private static String item(JsonPath report, String accountId, String kind) {
        String detail = report.getString("items.find { it.accountId == '" + accountId + "' && it.kind == '" + kind + "' }.detail");
        assertThat(detail).as(kind + " of " + accountId + " in " + report.getList("items")).isNotNull();
        return detail;
    }

    /** Applies a command through the worker, then records it as the desired state, as policy-service does. */
    private void applyAndRemember(ProvisioningCommand command) throws Exception {
        String json = MAPPER.writeValueAsString(command);
        TopicProbe.publish(kafka, Topics.commands("corp-ldap"), command.workerId(), json);
        OutcomeProbe.awaitOutcome(kafka, command.commandId(), OutcomeStatus.APPLIED, OutcomeStatus.NOOP);
        TopicProbe.publish(kafka, Topics.desired("corp-ldap"), command.workerId(), json);
    }

    private static ProvisioningCommand desired(String account, long sequence, AccountState state, List<String> groups,
            List<String> managed) {
        return new ProvisioningCommand(UUID.randomUUID().toString(), "evt-" + account, "W-" + account, "corp-ldap",
                account, sequence, state, Map.of("cn", List.of("Rec " + account), "sn", List.of("Rec")),
                groups, managed, Map.of(), 1, "JOINER", Instant.now());
    }

    private static String operator() {
        return TestTokens.withRoles("ops-user", Roles.OPERATOR);
    }
}
