package io.provisioning.systemtests;

import static io.provisioning.systemtests.WorkersOnStack.*;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Access requests through the whole stack, signed in as the realm's demo workers (their tokens carry
 * the workerId claim): routed to the right approvers, granted in OpenLDAP once every stage approved,
 * taken back at the exact end without anyone acting (policy-service's clock moved), expired when
 * nobody decides, ended when the worker moves or leaves, and all of it in the audit trail. It moves
 * policy-service's clock hours and days ahead, so it runs after the other system tests but the
 * story (alphabetical order), and puts the clock back when it ends.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WorkerAccessRequestsIT {

    private static final String CORP = "corp-ldap";
    private static final String PRODUCTION = "production-access";
    private static final String VPN = "vpn-remote";
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String RUN = UUID.randomUUID().toString().substring(0, 6);

    /** The realm's demo workers: the users' workerId and their HR record. */
    @BeforeAll
    static void theDemoWorkersAreHired() {
        hire("DEMO-001", "Amelia", "Nowak", "Engineering", "Engineering Manager", null);
        hire("DEMO-021", "Ugo", "Ricci", "Engineering", "Software Engineer", "DEMO-001");
        hire("DEMO-009", "Ines", "Garcia", "IT", "Systems Administrator", null);
        hire("DEMO-019", "Sven", "Larsson", "IT", "Systems Administrator", "DEMO-009");
        hire("DEMO-003", "Chiara", "Rossi", "Finance", "Finance Manager", null);
        hire("DEMO-033", "Gustav", "Lindqvist", "Finance", "Accountant", "DEMO-003");
        hire("DEMO-013", "Maja", "Kowalski", "Finance", "Controller", "DEMO-003");
        for (String worker : List.of("DEMO-001", "DEMO-021", "DEMO-009", "DEMO-019", "DEMO-003", "DEMO-033", "DEMO-013")) {
            await().atMost(WAIT).until(() -> "ACTIVE".equals(identity(worker).getString("lifecycle")));
        }
    }

    @AfterAll
    static void theClockIsPutBack() {
        given().auth().oauth2(Stack.token("ops-console")).delete(Stack.POLICY + "/api/v1/test/clock")
                .then().statusCode(200);
    }

    @Test
    @Order(1)
    void aRequestRoutedToTheManagerThenTheOwnerIsGrantedInTheDirectoryAndRemovedExactlyAtItsEnd() throws Exception {
        JsonPath request = create("ugo", Map.of("targetId", CORP, "group", PRODUCTION, "duration", "PT8H",
                "justification", "release night " + RUN)).then().statusCode(201).extract().jsonPath();
        String id = request.getString("requestId");
        assertThat(request.getString("state")).isEqualTo("PENDING");
        assertThat(request.getInt("stage")).isEqualTo(1);
        assertThat(request.getString("approver")).as("stage 1: HR's manager").isEqualTo("DEMO-001");
        assertThat(request.getList("stages", String.class)).containsExactly("manager", "owner:DEMO-019");

        // nobody approves their own request; the owner cannot take the manager's stage
        decide("ugo", id, "approve").then().statusCode(403).contentType("application/problem+json");
        decide("sven", id, "approve").then().statusCode(403);
        assertThat(waitingFor("amelia")).contains(id);
        assertThat(waitingFor("sven")).doesNotContain(id);

        JsonPath afterManager = decide("amelia", id, "approve").then().statusCode(200).extract().jsonPath();
        assertThat(afterManager.getString("state")).isEqualTo("PENDING");
        assertThat(afterManager.getString("approver")).as("stage 2: the policy's owner").isEqualTo("DEMO-019");
        assertThat(hasGroup("DEMO-021", PRODUCTION)).as("nothing granted before the last stage").isFalse();

        JsonPath granted = decide("sven", id, "approve").then().statusCode(200).extract().jsonPath();
        assertThat(granted.getString("state")).isEqualTo("ACTIVE");
        Instant endsAt = Instant.parse(granted.getString("endsAt"));
        await().atMost(WAIT).until(() -> hasGroup("DEMO-021", PRODUCTION));
        // access at an instant names the request as the reason for the group, beside the birthright rules
        JsonPath access = await().atMost(WAIT).until(() -> given().auth().oauth2(Stack.token("audit-reader"))
                .get(Stack.AUDIT + "/api/v1/audit/access/DEMO-021").then().statusCode(200).extract().jsonPath(),
                a -> a.getList("accounts.find { it.targetId == 'corp-ldap' }.groups", String.class).contains(PRODUCTION)
                        && a.getList("requests.approvedBy.flatten()", String.class).size() == 2);
        assertThat(access.getList("accounts.find { it.targetId == 'corp-ldap' }.grantedBy.'" + PRODUCTION + "'",
                String.class)).containsExactly("request:" + id);
        assertThat(access.getList("accounts.find { it.targetId == 'corp-ldap' }.grantedBy.engineering", String.class))
                .containsExactly("engineering");
        assertThat(identity("DEMO-021").getList("accessRequests.requestId", String.class)).contains(id);
        assertThat(access.getString("requests[0].requestId")).isEqualTo(id);
        assertThat(access.getString("requests[0].requestedBy")).isEqualTo("DEMO-021");
        assertThat(access.getList("requests[0].approvedBy", String.class)).containsExactly("DEMO-001", "DEMO-019");
        assertThat(access.getString("requests[0].justification")).isEqualTo("release night " + RUN);

        // a minute before the end it is still there; at the end it goes, nobody acting
        advanceTo(endsAt.minus(Duration.ofMinutes(1)));
        assertThat(requestState("ugo", id)).isEqualTo("ACTIVE");
        assertThat(hasGroup("DEMO-021", PRODUCTION)).isTrue();
        advanceTo(endsAt);
        await().atMost(WAIT).until(() -> "ENDED".equals(requestState("ugo", id)));
        await().atMost(WAIT).until(() -> !hasGroup("DEMO-021", PRODUCTION));
        assertThat(hasGroup("DEMO-021", "engineering")).as("birthright untouched").isTrue();

        JsonPath steps = get("ugo", id);
        assertThat(steps.getList("steps.action", String.class)).containsExactly("requested", "routed", "approved",
                "routed", "approved", "granted", "ended");
        assertThat(steps.getString("closeReason")).isEqualTo("end reached");

        // the trail: who asked, who approved, the grant's and the removal's commands and outcomes
        JsonPath trace = await().atMost(WAIT).until(() -> trace(id), t -> t != null
                && t.getList("outcomes").size() >= 2 && t.getList("other").size() >= 6);
        assertThat(trace.getString("cause.type")).isEqualTo("access-request");
        assertThat(trace.getString("cause.payload.transition")).isEqualTo("requested");
        assertThat(trace.getString("cause.payload.requestedBy")).isEqualTo("DEMO-021");
        List<Map<String, Object>> other = trace.getList("other.payload");
        assertThat(other).extracting(p -> p.get("transition") + " " + p.get("approverId"))
                .contains("approved DEMO-001", "approved DEMO-019", "granted null", "ended null");
        assertThat(trace.getList("commands.payload.reason", String.class))
                .containsExactly("ACCESS_GRANTED", "ACCESS_ENDED");
        assertThat(trace.getList("outcomes.payload.status", String.class)).containsOnly("APPLIED");
    }

    @Test
    @Order(2)
    void whenTheManagerIsNoLongerActiveTheManagersManagerDecides() throws Exception {
        // Gustav's manager leaves; Chiara, that manager's own manager, decides what Gustav asks for
        String departed = "AR-M-" + RUN;
        hire(departed, "Mara", "Gone" + letters(RUN), "Finance", "Team Lead", "DEMO-003");
        await().atMost(WAIT).until(() -> "ACTIVE".equals(identity(departed).getString("lifecycle")));
        hire("DEMO-033", "Gustav", "Lindqvist", "Finance", "Accountant", departed);
        terminate(departed);
        await().atMost(WAIT).until(() -> "TERMINATED".equals(identity(departed).getString("lifecycle")));
        try {
            JsonPath request = create("gustav", Map.of("targetId", CORP, "group", VPN, "duration", "P7D",
                    "justification", "travel " + RUN)).then().statusCode(201).extract().jsonPath();
            String id = request.getString("requestId");
            assertThat(request.getString("approver")).isEqualTo("DEMO-003");
            assertThat(get("gustav", id).getString("steps[1].comment")).contains("manager's manager");
            assertThat(decide("chiara", id, "approve").then().statusCode(200).extract().jsonPath().getString("state"))
                    .isEqualTo("ACTIVE");
            await().atMost(WAIT).until(() -> hasGroup("DEMO-033", VPN));
            // the worker gives it up
            decide("gustav", id, "revoke").then().statusCode(200);
            await().atMost(WAIT).until(() -> !hasGroup("DEMO-033", VPN));
        } finally {
            hire("DEMO-033", "Gustav", "Lindqvist", "Finance", "Accountant", "DEMO-003");
        }
    }

    @Test
    @Order(3)
    void withoutAManagerOrWhenTheManagerAsksTheFallbackApproverDecidesAndOnlyTheChainAsksForOthers() {
        // Amelia has no manager: her own request goes to the fallback approver, who denies it
        JsonPath own = create("amelia", Map.of("targetId", CORP, "group", VPN, "duration", "P1D",
                "justification", "conference")).then().statusCode(201).extract().jsonPath();
        assertThat(own.getString("approver")).isEqualTo("DEMO-009");
        assertThat(get("amelia", own.getString("requestId")).getString("steps[1].comment")).contains("fallback approver");
        JsonPath denied = decide("ines", own.getString("requestId"), "deny").then().statusCode(200).extract().jsonPath();
        assertThat(denied.getString("state")).isEqualTo("DENIED");
        decide("ines", own.getString("requestId"), "approve").then().statusCode(409);

        // Amelia asks for her report Ugo: she is the manager, and nobody approves what they asked for
        JsonPath forReport = create("amelia", Map.of("beneficiary", "DEMO-021", "targetId", CORP, "group", VPN,
                "duration", "P1D", "justification", "on call")).then().statusCode(201).extract().jsonPath();
        assertThat(forReport.getString("approver")).isEqualTo("DEMO-009");
        decide("amelia", forReport.getString("requestId"), "approve").then().statusCode(403);
        assertThat(get("ugo", forReport.getString("requestId")).getString("requestedBy")).isEqualTo("DEMO-001");
        decide("ugo", forReport.getString("requestId"), "cancel").then().statusCode(200);

        // nobody else asks for a worker: not a peer, not someone from another department
        create("ugo", Map.of("beneficiary", "DEMO-001", "targetId", CORP, "group", VPN, "duration", "P1D",
                "justification", "x")).then().statusCode(403).contentType("application/problem+json");
        create("sven", Map.of("beneficiary", "DEMO-021", "targetId", CORP, "group", VPN, "duration", "P1D",
                "justification", "x")).then().statusCode(403);
        // and a request someone is not part of is not shown to them
        given().auth().oauth2(userToken("sven")).get(Stack.POLICY + "/api/v1/access-requests/" + own.getString("requestId"))
                .then().statusCode(404);
    }

    @Test
    @Order(4)
    void noDecisionWithinTheTimeoutExpiresTheRequestAndGrantsNothing() throws Exception {
        JsonPath request = create("ugo", Map.of("targetId", CORP, "group", PRODUCTION, "duration", "PT2H",
                "justification", "maybe")).then().statusCode(201).extract().jsonPath();
        String id = request.getString("requestId");
        advanceTo(Instant.parse(request.getString("decisionDueAt")));
        await().atMost(WAIT).until(() -> "EXPIRED".equals(requestState("ugo", id)));
        assertThat(get("ugo", id).getString("closeReason")).contains("no decision within P3D");
        decide("amelia", id, "approve").then().statusCode(409);
        assertThat(hasGroup("DEMO-021", PRODUCTION)).isFalse();
    }

    @Test
    @Order(5)
    void aGrantThatStartsLaterWaitsApprovedAndAGroupOfOwnersDecidesItsStage() throws Exception {
        // Gustav asks for ledger-approvers from tomorrow: his manager Chiara, then any of ledger-owners
        Instant tomorrow = policyNow().plus(Duration.ofDays(1));
        JsonPath request = create("gustav", Map.of("targetId", "legacy-db", "group", "ledger-approvers",
                "start", tomorrow.toString(), "duration", "P5D", "justification", "quarter close " + RUN))
                .then().statusCode(201).extract().jsonPath();
        String id = request.getString("requestId");
        assertThat(request.getString("approver")).isEqualTo("DEMO-003");
        JsonPath atOwners = decide("chiara", id, "approve").then().statusCode(200).extract().jsonPath();
        assertThat(atOwners.getString("approverGroup")).isEqualTo("ledger-owners");
        assertThat(waitingFor("maja")).contains(id);
        decide("chiara", id, "approve").then().statusCode(403);
        JsonPath approved = decide("maja", id, "approve").then().statusCode(200).extract().jsonPath();
        assertThat(approved.getString("state")).as("approved, waiting for its start").isEqualTo("APPROVED");
        assertThat(await().atMost(WAIT).until(() -> legacyGroups("DEMO-033"), java.util.Objects::nonNull))
                .doesNotContain("ledger-approvers");

        advanceTo(tomorrow);
        await().atMost(WAIT).until(() -> "ACTIVE".equals(requestState("gustav", id)));
        await().atMost(WAIT).until(() -> legacyGroups("DEMO-033"), g -> g != null && g.contains("ledger-approvers"));
        decide("chiara", id, "revoke").then().statusCode(200);
        List<String> after = await().atMost(WAIT).until(() -> legacyGroups("DEMO-033"),
                g -> g != null && !g.contains("ledger-approvers"));
        assertThat(after).as("birthright untouched").contains("ledger-users");
    }

    @Test
    @Order(6)
    void aLeaverLosesRequestedAccessWithTheAccountAndAMoverUnlessThePolicyKeepsItOnMove() throws Exception {
        String leaver = "AR-L-" + RUN;
        String mover = "AR-V-" + RUN;
        hire(leaver, "Lea", "Leaver" + letters(RUN), "Engineering", "Software Engineer", "DEMO-001");
        hire(mover, "Vic", "Mover" + letters(RUN), "Engineering", "Software Engineer", "DEMO-001");
        await().atMost(WAIT).until(() -> "ACTIVE".equals(identity(leaver).getString("lifecycle"))
                && "ACTIVE".equals(identity(mover).getString("lifecycle")));
        String leaversGrant = grantThroughBothStages(leaver);
        String moversProduction = grantThroughBothStages(mover);
        // vpn-remote: one stage (the manager), kept on a move; Amelia asks, so the fallback decides
        String moversVpn = create("amelia", Map.of("beneficiary", mover, "targetId", CORP, "group", VPN,
                "duration", "P30D", "justification", "remote")).then().statusCode(201).extract().path("requestId");
        decide("ines", moversVpn, "approve").then().statusCode(200);
        await().atMost(WAIT).until(() -> hasGroup(leaver, PRODUCTION) && hasGroup(mover, PRODUCTION) && hasGroup(mover, VPN));

        terminate(leaver);
        await().atMost(WAIT).until(() -> "ENDED".equals(requestState("amelia", leaversGrant)));
        await().atMost(WAIT).until(() -> !hasGroup(leaver, PRODUCTION) && locked(leaver));
        assertThat(get("amelia", leaversGrant).getString("closeReason")).contains("left");

        publish("hr.worker.updated", mover, worker(mover, "Vic", "Mover" + letters(RUN), "Sales", "Account Executive",
                "DEMO-001"));
        await().atMost(WAIT).until(() -> "ENDED".equals(requestState("amelia", moversProduction)));
        await().atMost(WAIT).until(() -> !hasGroup(mover, PRODUCTION) && hasGroup(mover, "sales"));
        assertThat(hasGroup(mover, VPN)).as("keepOnMove").isTrue();
        assertThat(requestState("amelia", moversVpn)).isEqualTo("ACTIVE");
        decide("amelia", moversVpn, "revoke").then().statusCode(200);
        await().atMost(WAIT).until(() -> !hasGroup(mover, VPN));
    }

    @Test
    @Order(7)
    void reconciliationTreatsGrantedAccessAsDesired() throws Exception {
        String worker = "AR-C-" + RUN;
        hire(worker, "Cleo", "Recon" + letters(RUN), "Engineering", "Software Engineer", "DEMO-001");
        await().atMost(WAIT).until(() -> "ACTIVE".equals(identity(worker).getString("lifecycle")));
        String id = grantThroughBothStages(worker);
        await().atMost(WAIT).until(() -> hasGroup(worker, PRODUCTION));
        String runId = given().auth().oauth2(Stack.token("ops-console")).contentType("application/json").body("{}")
                .post(Stack.CONNECTOR + "/api/v1/targets/" + CORP + "/reconciliations")
                .then().statusCode(202).extract().path("runId");
        JsonPath run = await().atMost(Duration.ofMinutes(3)).until(() -> given().auth().oauth2(Stack.token("ops-console"))
                .get(Stack.CONNECTOR + "/api/v1/reconciliations/" + runId).then().extract().jsonPath(),
                r -> "COMPLETED".equals(r.getString("status")));
        String account = accountOf(worker);
        assertThat(run.getList("drift.accountId", String.class)).as("no drift for the granted group").doesNotContain(account);
        decide("amelia", id, "revoke").then().statusCode(200);
    }

    @Test
    @Order(8)
    void badRequestsAreRefusedWithTheFieldAndTheReason() {
        Response wrong = create("ugo", Map.of("targetId", CORP, "group", "engineering", "duration", "P400D"));
        wrong.then().statusCode(400).contentType("application/problem+json");
        assertThat(wrong.jsonPath().getList("errors.pointer", String.class)).contains("/group", "/justification");
        Response tooLong = create("ugo", Map.of("targetId", CORP, "group", PRODUCTION, "duration", "P31D",
                "justification", "long"));
        tooLong.then().statusCode(400);
        assertThat(tooLong.jsonPath().getString("errors[0].message")).contains("P30D");
        given().auth().oauth2(Stack.token("hris-publisher")).contentType("application/json")
                .body("{\"targetId\":\"corp-ldap\",\"group\":\"vpn-remote\",\"duration\":\"P1D\",\"justification\":\"x\"}")
                .post(Stack.POLICY + "/api/v1/access-requests").then().statusCode(403);
        given().contentType("application/json").body("{}").post(Stack.POLICY + "/api/v1/access-requests")
                .then().statusCode(401);
    }

    @Test
    @Order(9)
    void aWorkerAsksInTheConsoleAndTheApproverDecidesOnTheirWaitingPage() throws Exception {
        String requestPath;
        try (ConsoleBrowser ugo = ConsoleBrowser.signedInAs("ugo", "ugo-pw")) {
            ugo.open("/requests");
            new org.openqa.selenium.support.ui.Select(ugo.find(org.openqa.selenium.By.id("requestable")))
                    .selectByValue(CORP + "/" + VPN);
            ugo.find(org.openqa.selenium.By.id("duration")).clear();
            ugo.find(org.openqa.selenium.By.id("duration")).sendKeys("P2D");
            ugo.find(org.openqa.selenium.By.id("justification")).sendKeys("travel to the customer " + RUN);
            ugo.find(org.openqa.selenium.By.id("ask-button")).click();
            ugo.waitFor(org.openqa.selenium.By.id("request-state"));
            assertThat(ugo.text(org.openqa.selenium.By.id("request-state"))).isEqualTo("PENDING");
            assertThat(ugo.text(org.openqa.selenium.By.id("waiting-for"))).contains("DEMO-001");
            assertThat(ugo.findAll(org.openqa.selenium.By.id("approve"))).as("no approve button for who asked").isEmpty();
            requestPath = new java.net.URI(ugo.url()).getPath();
            ugo.screenshot("request");
        }
        try (ConsoleBrowser amelia = ConsoleBrowser.signedInAs("amelia", "amelia-pw")) {
            amelia.open("/requests/waiting");
            assertThat(amelia.text(org.openqa.selenium.By.id("waiting-requests"))).contains("travel to the customer " + RUN);
            amelia.screenshot("requests-waiting");
            amelia.open(requestPath);
            amelia.find(org.openqa.selenium.By.id("comment")).sendKeys("safe travels");
            amelia.find(org.openqa.selenium.By.id("approve")).click();
            amelia.waitUntil(() -> amelia.text(org.openqa.selenium.By.id("request-state")).equals("ACTIVE"), WAIT);
            assertThat(amelia.text(org.openqa.selenium.By.id("request-steps"))).contains("safe travels");
            assertThat(amelia.overflowAtPhoneSize()).as("the request page is wider than a phone's screen").isZero();
        }
        await().atMost(WAIT).until(() -> hasGroup("DEMO-021", VPN));
        decide("ugo", requestPath.substring(requestPath.lastIndexOf('/') + 1), "revoke").then().statusCode(200);
        await().atMost(WAIT).until(() -> !hasGroup("DEMO-021", VPN));
    }

    @Test
    @Order(10)
    void aRequestThatWouldBreakAPreventRuleIsRefusedWithTheRuleNamedAndTheRefusalIsInTheTrail() {
        // Sven works in IT: he holds it-admins in apps-scim, which the default policy's rule keeps apart
        // from approving ledger entries
        Response refused = create("sven", Map.of("targetId", "legacy-db", "group", "ledger-approvers",
                "duration", "P1D", "justification", "cover for the controller"));
        refused.then().statusCode(409).contentType("application/problem+json");
        assertThat(refused.jsonPath().getString("type")).endsWith("/separation-of-duties");
        assertThat(refused.jsonPath().getString("detail")).contains("ledger-approval-vs-it-admin")
                .contains("ledger-approvers in legacy-db").contains("it-admins in apps-scim");
        JsonPath facts = await().atMost(WAIT).until(() -> given().auth().oauth2(Stack.token("audit-reader"))
                .queryParam("workerId", "DEMO-019").queryParam("type", "sod.violation")
                .get(Stack.AUDIT + "/api/v1/audit/records").then().statusCode(200).extract().jsonPath(),
                r -> !r.getList("records").isEmpty());
        assertThat(facts.getList("records.payload.outcome", String.class)).contains("refused");
        assertThat(facts.getList("records.payload.ruleId", String.class)).contains("ledger-approval-vs-it-admin");
    }

    @Test
    @Order(11)
    void aBirthrightChangeCreatingAViolationNeedsConfirmationAndIsThenListedUntilItGoes() {
        String worker = "AR-S-" + RUN;
        hire(worker, "Ivo", "Admin" + letters(RUN), "IT", "Systems Administrator", "DEMO-009");
        await().atMost(WAIT).until(() -> "ACTIVE".equals(identity(worker).getString("lifecycle")));
        JsonPath active = given().auth().oauth2(Stack.token("ops-console")).get(Stack.POLICY + "/api/v1/policy")
                .then().statusCode(200).extract().jsonPath();
        long previous = active.getLong("version");
        // the active document may have come from a browser's form, with CRLF line ends
        String draft = active.getString("document").replaceFirst("(?m)^rules:\\r?\\n", "rules:\n  - id: sod-test-" + RUN
                + "\n    when: { workerId: { equals: " + worker + " } }\n    grant: { legacy-db: [ledger-approvers] }\n");
        assertThat(draft).contains("sod-test-" + RUN);

        Response refused = given().auth().oauth2(Stack.token("ops-console")).contentType("application/yaml")
                .body(draft.getBytes(StandardCharsets.UTF_8)).put(Stack.POLICY + "/api/v1/policy");
        refused.then().statusCode(409);
        assertThat(refused.jsonPath().getString("detail")).contains("separation-of-duties");
        assertThat(refused.jsonPath().getLong("conflicts.ledger-approval-vs-it-admin.created")).isEqualTo(1);
        given().auth().oauth2(Stack.token("ops-console")).contentType("application/yaml").body(draft.getBytes(StandardCharsets.UTF_8))
                .queryParam("confirm", refused.jsonPath().getString("digest")).queryParam("comment", "sod test")
                .put(Stack.POLICY + "/api/v1/policy").then().statusCode(200);
        try {
            await().atMost(WAIT).until(() -> violators().getList("items.workerId", String.class).contains(worker));
            assertThat(violators().getString("items.find { it.workerId == '" + worker + "' }.since"))
                    .as("the violation's start is recorded").isNotNull();
        } finally {
            given().auth().oauth2(Stack.token("ops-console"))
                    .post(Stack.POLICY + "/api/v1/policy/versions/" + previous + "/activate").then().statusCode(200);
        }
        await().atMost(WAIT).until(() -> !violators().getList("items.workerId", String.class).contains(worker));
        // found when the confirmed policy gave it, gone when the previous one took it back: both in the trail
        await().atMost(WAIT).until(() -> given().auth().oauth2(Stack.token("audit-reader"))
                .queryParam("workerId", worker).queryParam("type", "sod.violation")
                .get(Stack.AUDIT + "/api/v1/audit/records").then().statusCode(200).extract().jsonPath()
                .getList("records.payload.outcome", String.class), outcomes -> outcomes.containsAll(List.of("detected", "resolved")));
    }

    private static JsonPath violators() {
        return given().auth().oauth2(Stack.token("audit-reader")).queryParam("rule", "ledger-approval-vs-it-admin")
                .queryParam("size", 1000).get(Stack.POLICY + "/api/v1/sod/violations").then().statusCode(200)
                .extract().jsonPath();
    }

    /** Amelia (the manager) asks for the worker, Ines (fallback, as Amelia asks) and Sven (owner) approve. */
    private static String grantThroughBothStages(String worker) {
        String id = create("amelia", Map.of("beneficiary", worker, "targetId", CORP, "group", PRODUCTION,
                "duration", "P7D", "justification", "project")).then().statusCode(201).extract().path("requestId");
        decide("ines", id, "approve").then().statusCode(200);
        assertThat(decide("sven", id, "approve").then().statusCode(200).extract().jsonPath().getString("state"))
                .isEqualTo("ACTIVE");
        return id;
    }

    private static Response create(String user, Map<String, String> body) {
        return given().auth().oauth2(userToken(user)).contentType("application/json").body(body)
                .post(Stack.POLICY + "/api/v1/access-requests");
    }

    private static Response decide(String user, String id, String action) {
        return given().auth().oauth2(userToken(user)).contentType("application/json")
                .body(Map.of("comment", action + " by " + user))
                .post(Stack.POLICY + "/api/v1/access-requests/" + id + "/" + action);
    }

    private static JsonPath get(String user, String id) {
        return given().auth().oauth2(userToken(user)).get(Stack.POLICY + "/api/v1/access-requests/" + id)
                .then().statusCode(200).extract().jsonPath();
    }

    private static String requestState(String user, String id) {
        return get(user, id).getString("state");
    }

    private static List<String> waitingFor(String user) {
        return given().auth().oauth2(userToken(user)).queryParam("approver", "me")
                .get(Stack.POLICY + "/api/v1/access-requests").then().statusCode(200).extract().jsonPath()
                .getList("items.requestId", String.class);
    }

    private static JsonPath trace(String id) {
        Response response = given().auth().oauth2(Stack.token("audit-reader")).get(Stack.AUDIT + "/api/v1/audit/trace/" + id);
        return response.statusCode() == 200 ? response.jsonPath() : null;
    }















}
