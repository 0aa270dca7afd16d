package io.provisioning.systemtests;

import static io.provisioning.systemtests.WorkersOnStack.hasGroup;
import static io.provisioning.systemtests.WorkersOnStack.hire;
import static io.provisioning.systemtests.WorkersOnStack.identity;
import static io.provisioning.systemtests.WorkersOnStack.letters;
import static io.provisioning.systemtests.WorkersOnStack.policyNow;
import static io.provisioning.systemtests.WorkersOnStack.publish;
import static io.provisioning.systemtests.WorkersOnStack.userToken;
import static io.provisioning.systemtests.WorkersOnStack.worker;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;

/**
 * An access review of the Finance department's ledger access and requested production access, on the
 * whole stack: every item routed to the worker's manager (Chiara) with why the access exists; her
 * decisions recorded all or none; at the close, revoked groups leave the legacy-db tables and the
 * directory, kept and unanswered ones stay, a revoked request ends, and a revoked birthright group
 * stays out until HR moves the worker; the evidence cites the audit records that prove each decision
 * and its command, and agrees with the trail. The workers are hired by the test (reports of the demo
 * manager Chiara), so that the demo workforce keeps its access.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AccessReviewsIT {

    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final String RUN = UUID.randomUUID().toString().substring(0, 5).toUpperCase(Locale.ROOT);
    /** The run in letters, for names (HR names hold no digits). */
    private static final String FAMILY = "Ledger" + letters(RUN);
    private static final String CONTROLLER = "AR" + RUN + "-1";
    private static final String ACCOUNTANT = "AR" + RUN + "-2";
    private static final String TRAINEE = "AR" + RUN + "-3";
    private static final String LEDGER_USERS = "ledger-users";
    private static final String LEDGER_APPROVERS = "ledger-approvers";
    private static final String PRODUCTION = "production-access";
    private static final TargetAccounts TARGETS = new TargetAccounts();

    private static String productionRequest;
    private static String reviewId;

    @BeforeAll
    static void financeWorkersHoldLedgerAccessAndOneAProductionGrant() {
        hire("DEMO-003", "Chiara", "Rossi", "Finance", "Finance Manager", null);
        hire("DEMO-013", "Maja", "Kowalski", "Finance", "Controller", "DEMO-003");
        hire("DEMO-009", "Ines", "Garcia", "IT", "Systems Administrator", null);
        hire("DEMO-019", "Sven", "Larsson", "IT", "Systems Administrator", "DEMO-009");
        hire(CONTROLLER, "Cora", FAMILY, "Finance", "Controller", "DEMO-003");
        hire(ACCOUNTANT, "Anton", FAMILY, "Finance", "Accountant", "DEMO-003");
        hire(TRAINEE, "Tilda", FAMILY, "Finance", "Accountant", "DEMO-003");
        await().atMost(WAIT).until(() -> ledgerGroups(CONTROLLER).equals(Set.of(LEDGER_APPROVERS, LEDGER_USERS))
                && ledgerGroups(ACCOUNTANT).equals(Set.of(LEDGER_USERS)) && ledgerGroups(TRAINEE).equals(Set.of(LEDGER_USERS)));
        for (String worker : List.of("DEMO-003", "DEMO-013", "DEMO-009", "DEMO-019")) {
            await().atMost(WAIT).until(() -> "ACTIVE".equals(identity(worker).getString("lifecycle")));
        }
        // Chiara asks for her controller; Ines decides the manager stage (Chiara asked), Sven the owner's
        productionRequest = given().auth().oauth2(userToken("chiara")).contentType("application/json")
                .body(Map.of("beneficiary", CONTROLLER, "targetId", "corp-ldap", "group", PRODUCTION, "duration", "P30D",
                        "justification", "month-end close"))
                .post(Stack.POLICY + "/api/v1/access-requests").then().statusCode(201).extract().path("requestId");
        decideRequest("ines", productionRequest);
        decideRequest("sven", productionRequest);
        await().atMost(WAIT).until(() -> hasGroup(CONTROLLER, PRODUCTION));
    }

    @Test
    @Order(1)
    void aReviewRoutesEachItemToTheWorkersManagerWithWhyTheAccessExists() {
        JsonPath review = create("paula", financeReview(Instant.now().plus(Duration.ofDays(30)), "keep"))
                .then().statusCode(201).extract().jsonPath();
        reviewId = review.getString("reviewId");
        assertThat(review.getString("state")).isEqualTo("OPEN");
        assertThat(review.getInt("items")).isGreaterThanOrEqualTo(5);
        assertThat(review.getInt("decisions.undecided")).isEqualTo(review.getInt("items"));

        List<Map<String, Object>> controllerItems = items("chiara", Map.of("reviewer", "me", "workerId", CONTROLLER))
                .getList("items");
        assertThat(controllerItems).extracting(i -> i.get("targetId") + "/" + i.get("group"))
                .containsExactlyInAnyOrder("legacy-db/" + LEDGER_APPROVERS, "legacy-db/" + LEDGER_USERS,
                        "corp-ldap/" + PRODUCTION);
        assertThat(controllerItems).allSatisfy(i -> {
            assertThat(i.get("reviewerId")).isEqualTo("DEMO-003");
            assertThat(i.get("reviewerVia")).isEqualTo("manager");
        });
        assertThat(item(CONTROLLER, LEDGER_APPROVERS).getList("rules", String.class)).containsExactly("finance-approvers");
        JsonPath production = item(CONTROLLER, PRODUCTION);
        assertThat(production.getList("rules", String.class)).isEmpty();
        assertThat(production.getString("requests[0].requestId")).isEqualTo(productionRequest);
        assertThat(production.getString("requests[0].requestedBy")).isEqualTo("DEMO-003");
        assertThat(production.getList("requests[0].approvedBy", String.class)).containsExactly("DEMO-009", "DEMO-019");

        // Chiara's own access goes to the fallback reviewer: nobody reviews their own access
        List<Map<String, Object>> own = items("paula", Map.of("workerId", "DEMO-003")).getList("items");
        assertThat(own).isNotEmpty().allSatisfy(i -> {
            assertThat(i.get("reviewerId")).isEqualTo("DEMO-009");
            assertThat(i.get("reviewerVia")).isEqualTo("fallback reviewer");
        });
        // a worker with nothing to review sees neither the review nor its items
        given().auth().oauth2(userToken("ugo")).get(Stack.POLICY + "/api/v1/reviews/" + reviewId).then().statusCode(404);
        given().auth().oauth2(userToken("ugo")).get(Stack.POLICY + "/api/v1/reviews/" + reviewId + "/items")
                .then().statusCode(404);
    }

    @Test
    @Order(2)
    void aReviewIsDefinedAgainstThePolicyAndOnlyByAPolicyAdministrator() {
        Map<String, Object> wrong = Map.of("name", "", "scope", Map.of("targets", List.of("nowhere"),
                        "groups", List.of("no-such-group"), "workers", Map.of("shoeSize", List.of("42"))),
                "reviewer", "boss", "deadline", "2020-01-01T00:00:00Z", "noAnswer", "shrug");
        JsonPath problem = create("paula", wrong).then().statusCode(400).contentType("application/problem+json")
                .extract().jsonPath();
        assertThat(problem.getList("errors.pointer", String.class)).contains("/name", "/scope/targets/0",
                "/scope/groups/0", "/scope/workers/shoeSize", "/reviewer", "/deadline", "/noAnswer");
        create("carol", financeReview(Instant.now().plus(Duration.ofDays(1)), "keep")).then().statusCode(403);
        given().auth().oauth2(Stack.token("hris-publisher")).get(Stack.POLICY + "/api/v1/reviews/" + reviewId)
                .then().statusCode(403);
    }

    @Test
    @Order(3)
    void decisionsAreRecordedAllOrNoneAndOnlyByTheItemsReviewer() {
        int users = itemId(CONTROLLER, LEDGER_USERS);
        int accountant = itemId(ACCOUNTANT, LEDGER_USERS);
        JsonPath invalid = decide("chiara", List.of(Map.of("itemId", users, "decision", "keep"),
                Map.of("itemId", accountant, "decision", "revoke"), Map.of("itemId", users + 1_000_000, "decision", "keep"),
                Map.of("itemId", itemId(TRAINEE, LEDGER_USERS), "decision", "maybe")))
                .then().statusCode(400).contentType("application/problem+json").extract().jsonPath();
        assertThat(invalid.getList("errors", Map.class)).extracting(e -> e.get("index") + " " + e.get("pointer"))
                .containsExactlyInAnyOrder("1 /reason", "2 /itemId", "3 /decision");
        int ownItem = items("paula", Map.of("workerId", "DEMO-003")).getInt("items[0].itemId");
        decide("chiara", List.of(Map.of("itemId", users, "decision", "keep"), Map.of("itemId", ownItem, "decision", "keep")))
                .then().statusCode(403).contentType("application/problem+json");
        decide("sven", List.of(Map.of("itemId", users, "decision", "keep"))).then().statusCode(403);
        assertThat(item(CONTROLLER, LEDGER_USERS).getString("decision")).as("nothing recorded").isNull();
    }

    @Test
    @Order(4)
    void atTheCloseRevokedAccessLeavesTheTargetsWhileKeptAndUnansweredAccessStays() throws Exception {
        // Chiara keeps one in the console, the rest through the API
        int kept = itemId(CONTROLLER, LEDGER_USERS);
        try (ConsoleBrowser chiara = ConsoleBrowser.signedInAs("chiara", "chiara-pw")) {
            chiara.open("/reviews/" + reviewId);
            assertThat(chiara.text(By.id("review-items"))).contains(CONTROLLER).contains("rule finance-approvers")
                    .contains("request by DEMO-003, approved by DEMO-009 and DEMO-019");
            chiara.find(By.id("reason-" + kept)).sendKeys("posts entries daily");
            chiara.find(By.id("keep-" + kept)).click();
            chiara.waitUntil(() -> chiara.text(By.id("item-" + kept)).contains("keep by DEMO-003"), WAIT);
            chiara.open("/reviews/" + reviewId);
            chiara.screenshot("review");
            assertThat(chiara.overflowAtPhoneSize()).as("the review page is wider than a phone's screen").isZero();
        }
        assertThat(item(CONTROLLER, LEDGER_USERS).getString("reason")).isEqualTo("posts entries daily");
        decide("chiara", List.of(
                Map.of("itemId", itemId(CONTROLLER, LEDGER_APPROVERS), "decision", "revoke",
                        "reason", "approvals moved to the controller team"),
                Map.of("itemId", itemId(CONTROLLER, PRODUCTION), "decision", "revoke", "reason", "month-end is over"),
                Map.of("itemId", itemId(ACCOUNTANT, LEDGER_USERS), "decision", "revoke", "reason", "moved to treasury"),
                Map.of("itemId", itemId(TRAINEE, LEDGER_USERS), "decision", "reassign", "reassignTo", "DEMO-013",
                        "reason", "Maja supervises the trainee")))
                .then().statusCode(200);
        JsonPath reassigned = item(TRAINEE, LEDGER_USERS);
        assertThat(reassigned.getString("reviewerId")).isEqualTo("DEMO-013");
        assertThat(items("maja", Map.of("reviewer", "me")).getList("items.workerId", String.class)).contains(TRAINEE);
        try (ConsoleBrowser maja = ConsoleBrowser.signedInAs("maja", "maja-pw")) {
            maja.open("/reviews");
            assertThat(maja.text(By.id("reviews"))).contains("Finance ledger and production access " + RUN);
            maja.open("/reviews/" + reviewId);
            assertThat(maja.text(By.id("review-items"))).contains(TRAINEE).contains("undecided").doesNotContain(CONTROLLER);
        }
        assertThat(ledgerGroups(ACCOUNTANT)).as("nothing changes before the close").containsExactly(LEDGER_USERS);

        JsonPath closing = given().auth().oauth2(userToken("paula")).post(Stack.POLICY + "/api/v1/reviews/" + reviewId + "/close")
                .then().statusCode(202).extract().jsonPath();
        assertThat(closing.getString("state")).isIn("CLOSING", "CLOSED");
        given().auth().oauth2(userToken("paula")).post(Stack.POLICY + "/api/v1/reviews/" + reviewId + "/close")
                .then().statusCode(409);
        decide("maja", List.of(Map.of("itemId", itemId(TRAINEE, LEDGER_USERS), "decision", "keep"))).then().statusCode(409);

        JsonPath closed = await().atMost(WAIT).until(this::review, r -> "CLOSED".equals(r.getString("state"))
                && r.getInt("revocations.pending") == 0);
        assertThat(closed.getInt("outcomes.open")).isZero();
        assertThat(closed.getInt("revocations.failed")).isZero();
        assertThat(item(CONTROLLER, LEDGER_APPROVERS).getString("outcome")).isEqualTo("revoked");
        assertThat(item(CONTROLLER, PRODUCTION).getString("outcome")).isEqualTo("revoked");
        assertThat(item(ACCOUNTANT, LEDGER_USERS).getString("delivery")).isEqualTo("applied");
        assertThat(item(CONTROLLER, LEDGER_USERS).getString("outcome")).isEqualTo("kept");
        assertThat(item(TRAINEE, LEDGER_USERS).getString("outcome")).isEqualTo("unanswered");

        await().atMost(WAIT).until(() -> ledgerGroups(CONTROLLER).equals(Set.of(LEDGER_USERS))
                && ledgerGroups(ACCOUNTANT).isEmpty() && !hasGroup(CONTROLLER, PRODUCTION));
        assertThat(ledgerGroups(TRAINEE)).as("unanswered: kept, as the review says").containsExactly(LEDGER_USERS);
        JsonPath request = given().auth().oauth2(userToken("chiara"))
                .get(Stack.POLICY + "/api/v1/access-requests/" + productionRequest).then().statusCode(200).extract().jsonPath();
        assertThat(request.getString("state")).isEqualTo("ENDED");
        assertThat(request.getString("closeReason")).contains("access review").contains("month-end is over");

        List<Map<String, Object>> exclusions = given().auth().oauth2(userToken("paula")).queryParam("reviewId", reviewId)
                .get(Stack.POLICY + "/api/v1/reviews/exclusions").then().statusCode(200).extract().jsonPath().getList("items");
        assertThat(exclusions).extracting(e -> e.get("workerId") + " " + e.get("group") + " " + e.get("rules"))
                .containsExactlyInAnyOrder(CONTROLLER + " " + LEDGER_APPROVERS + " [finance-approvers]",
                        ACCOUNTANT + " " + LEDGER_USERS + " [finance]");
        assertThat(identity(ACCOUNTANT).getList("reviewExclusions.group", String.class))
                .as("the worker's identity names what the review took away").containsExactly(LEDGER_USERS);
        try (ConsoleBrowser alice = ConsoleBrowser.signedInAs("alice", "alice-pw")) {
            alice.open("/workers/" + ACCOUNTANT);
            assertThat(alice.text(By.id("review-exclusions"))).contains("legacy-db / " + LEDGER_USERS)
                    .contains("moved to treasury");
        }
    }

    @Test
    @Order(5)
    void theEvidenceCitesTheAuditRecordsThatProveEachDecisionAndRevocation() {
        JsonPath evidence = await().atMost(WAIT).until(() -> given().auth().oauth2(userToken("carol"))
                        .get(Stack.POLICY + "/api/v1/reviews/" + reviewId + "/evidence").then().statusCode(200).extract().jsonPath(),
                e -> e.getBoolean("audit.available") && e.getMap("audit.review").containsKey("closed")
                        && e.getList("items.findAll { it.item.outcome == 'revoked' && it.auditRecords.outcome == null }")
                        .isEmpty());
        assertThat(evidence.getList("mismatches")).isEmpty();
        assertThat(evidence.getBoolean("audit.verification.valid")).isTrue();
        Map<String, Object> revoked = evidence.getMap("items.find { it.item.workerId == '" + ACCOUNTANT + "' }");
        @SuppressWarnings("unchecked")
        Map<String, Object> item = (Map<String, Object>) revoked.get("item");
        @SuppressWarnings("unchecked")
        Map<String, Object> records = (Map<String, Object>) revoked.get("auditRecords");
        assertThat(item).containsEntry("decision", "revoke").containsEntry("decidedBy", "DEMO-003")
                .containsEntry("reason", "moved to treasury").containsEntry("outcome", "revoked");
        assertThat(records.values()).doesNotContainNull();

        // the records it cites say the same, in the chain
        JsonPath trail = given().auth().oauth2(Stack.token("audit-reader")).queryParam("correlationId", reviewId)
                .queryParam("limit", 1000).get(Stack.AUDIT + "/api/v1/audit/records").then().statusCode(200).extract().jsonPath();
        assertThat(trail.getString("records.find { it.seq == " + records.get("decision") + " }.payload.decision"))
                .isEqualTo("revoke");
        assertThat(trail.getString("records.find { it.seq == " + records.get("decision") + " }.payload.reviewerId"))
                .isEqualTo("DEMO-003");
        assertThat(trail.getString("records.find { it.seq == " + records.get("command") + " }.payload.commandId"))
                .isEqualTo(item.get("commandId"));
        assertThat(trail.getString("records.find { it.seq == " + records.get("outcome") + " }.payload.status"))
                .isEqualTo("APPLIED");

        String csv = given().auth().oauth2(userToken("carol")).accept("text/csv")
                .get(Stack.POLICY + "/api/v1/reviews/" + reviewId + "/evidence").then().statusCode(200)
                .contentType(org.hamcrest.Matchers.startsWith("text/csv")).extract().asString();
        String[] lines = csv.split("\r\n");
        assertThat(lines[0]).startsWith("\"itemId\",\"workerId\"");
        assertThat(lines).hasSize(evidence.getList("items").size() + 1);
        assertThat(lines).anySatisfy(line -> assertThat(line).contains("\"" + ACCOUNTANT + "\"").contains("\"revoke\"")
                .contains("\"" + item.get("commandId") + "\""));

        // a policy administrator gets the evidence without the records audit-service shows only to auditors
        JsonPath forAdmin = given().auth().oauth2(userToken("paula")).get(Stack.POLICY + "/api/v1/reviews/" + reviewId
                + "/evidence").then().statusCode(200).extract().jsonPath();
        assertThat(forAdmin.getBoolean("audit.available")).isFalse();
        assertThat(forAdmin.getString("audit.detail")).contains("auditor");
        given().auth().oauth2(userToken("ugo")).get(Stack.POLICY + "/api/v1/reviews/" + reviewId + "/evidence")
                .then().statusCode(403);
    }

    @Test
    @Order(6)
    void whenHrMovesTheWorkerTheRevokedBirthrightIsForThePolicyToDecideAgain() throws Exception {
        publish("hr.worker.updated", ACCOUNTANT, worker(ACCOUNTANT, "Anton", FAMILY, "Finance", "Senior Accountant",
                "DEMO-003"));
        await().atMost(WAIT).until(() -> ledgerGroups(ACCOUNTANT).equals(Set.of(LEDGER_USERS)));
        assertThat(given().auth().oauth2(userToken("paula")).queryParam("workerId", ACCOUNTANT)
                .get(Stack.POLICY + "/api/v1/reviews/exclusions").then().statusCode(200).extract().jsonPath()
                .getList("items")).isEmpty();
        assertThat(identity(ACCOUNTANT).getList("reviewExclusions")).isEmpty();
        assertThat(ledgerGroups(CONTROLLER)).as("the controller did not move: still excluded").containsExactly(LEDGER_USERS);
    }

    @Test
    @Order(7)
    void anItemNobodyAnswersIsRevokedAtTheDeadlineWhenTheReviewSaysSo() throws Exception {
        Map<String, Object> body = Map.of("name", "Trainee ledger access " + RUN,
                "scope", Map.of("targets", List.of("legacy-db"), "workers", Map.of("workerId", List.of(TRAINEE))),
                "deadline", policyNow().plusSeconds(3).toString(), "noAnswer", "revoke");
        String trainee = create("paula", body).then().statusCode(201).extract().path("reviewId");
        JsonPath closed = await().atMost(WAIT).until(() -> given().auth().oauth2(userToken("paula"))
                .get(Stack.POLICY + "/api/v1/reviews/" + trainee).then().statusCode(200).extract().jsonPath(),
                r -> "CLOSED".equals(r.getString("state")));
        assertThat(closed.getString("closedBy")).isEqualTo("system");
        assertThat(closed.getInt("outcomes.revoked")).isEqualTo(1);
        JsonPath item = given().auth().oauth2(userToken("paula")).get(Stack.POLICY + "/api/v1/reviews/" + trainee + "/items")
                .then().statusCode(200).extract().jsonPath();
        assertThat(item.getString("items[0].decision")).isNull();
        assertThat(item.getString("items[0].outcomeDetail")).contains("no answer");
        assertThat(given().auth().oauth2(Stack.token("ops-console")).get(Stack.POLICY + "/q/metrics").then()
                .statusCode(200).extract().asString()).contains("provisioning_policy_review_items_closed_total")
                .contains("provisioning_policy_review_decisions_total");
        await().atMost(WAIT).until(() -> ledgerGroups(TRAINEE).isEmpty());
    }

    @Test
    @Order(8)
    void aRevocationTheTargetRefusesIsReportedOnTheReviewAndLandsOnceRetried() throws Exception {
        Map<String, Object> body = Map.of("name", "Controller ledger access " + RUN,
                "scope", Map.of("targets", List.of("legacy-db"), "groups", List.of(LEDGER_USERS),
                        "workers", Map.of("workerId", List.of(CONTROLLER))),
                "deadline", Instant.now().plus(Duration.ofDays(7)).toString());
        String refused = create("paula", body).then().statusCode(201).extract().path("reviewId");
        int itemId = given().auth().oauth2(userToken("chiara")).get(Stack.POLICY + "/api/v1/reviews/" + refused + "/items")
                .then().statusCode(200).extract().path("items[0].itemId");
        given().auth().oauth2(userToken("chiara")).contentType("application/json")
                .body(Map.of("decision", "revoke", "reason", "left the ledger team"))
                .post(Stack.POLICY + "/api/v1/reviews/" + refused + "/items/" + itemId + "/decision").then().statusCode(200);
        ledgerRoleRemovals(false);
        String commandId;
        try {
            given().auth().oauth2(userToken("paula")).post(Stack.POLICY + "/api/v1/reviews/" + refused + "/close")
                    .then().statusCode(202);
            JsonPath failed = await().atMost(WAIT).until(() -> given().auth().oauth2(userToken("paula"))
                    .queryParam("delivery", "failed").get(Stack.POLICY + "/api/v1/reviews/" + refused + "/items")
                    .then().statusCode(200).extract().jsonPath(), r -> !r.getList("items").isEmpty());
            assertThat(failed.getString("items[0].deliveryError")).isNotBlank();
            commandId = failed.getString("items[0].commandId");
            assertThat(given().auth().oauth2(userToken("paula")).get(Stack.POLICY + "/api/v1/reviews/" + refused)
                    .then().statusCode(200).extract().<Integer>path("revocations.failed")).isEqualTo(1);
            assertThat(ledgerGroups(CONTROLLER)).as("the target refused: still there, and said so").contains(LEDGER_USERS);
        } finally {
            ledgerRoleRemovals(true);
        }
        given().auth().oauth2(Stack.token("ops-console")).post(Stack.CONNECTOR + "/api/v1/dead-letters/" + commandId + "/retry")
                .then().statusCode(org.hamcrest.Matchers.lessThan(300));
        await().atMost(WAIT).until(() -> "applied".equals(given().auth().oauth2(userToken("paula"))
                .get(Stack.POLICY + "/api/v1/reviews/" + refused + "/items").then().statusCode(200).extract()
                .path("items[0].delivery")));
        await().atMost(WAIT).until(() -> ledgerGroups(CONTROLLER).isEmpty());
    }

    /** The legacy application's right to remove a user's roles, taken away and given back as a DBA would. */
    private static void ledgerRoleRemovals(boolean allowed) throws java.sql.SQLException {
        try (java.sql.Connection db = java.sql.DriverManager.getConnection("jdbc:postgresql://127.0.0.1:15432/legacy",
                "postgres", ""); java.sql.Statement sql = db.createStatement()) {
            sql.execute(allowed ? "GRANT DELETE ON app_user_roles TO legacy_app"
                    : "REVOKE DELETE ON app_user_roles FROM legacy_app");
        }
    }

    private static Map<String, Object> financeReview(Instant deadline, String noAnswer) {
        return Map.of("name", "Finance ledger and production access " + RUN,
                "scope", Map.of("targets", List.of("legacy-db", "corp-ldap"),
                        "groups", List.of(LEDGER_USERS, LEDGER_APPROVERS, PRODUCTION),
                        "workers", Map.of("department", List.of("Finance"))),
                "reviewer", "manager", "fallbackReviewer", "DEMO-009", "deadline", deadline.toString(), "noAnswer", noAnswer);
    }

    private static Response create(String user, Map<String, Object> body) {
        return given().auth().oauth2(userToken(user)).contentType("application/json").body(body)
                .post(Stack.POLICY + "/api/v1/reviews");
    }

    private static Response decide(String user, List<Map<String, Object>> decisions) {
        return given().auth().oauth2(userToken(user)).contentType("application/json").body(Map.of("decisions", decisions))
                .post(Stack.POLICY + "/api/v1/reviews/" + reviewId + "/decisions");
    }

    private JsonPath review() {
        return given().auth().oauth2(userToken("paula")).get(Stack.POLICY + "/api/v1/reviews/" + reviewId)
                .then().statusCode(200).extract().jsonPath();
    }

    private static JsonPath items(String user, Map<String, Object> query) {
        return given().auth().oauth2(userToken(user)).queryParams(query).queryParam("size", 1000)
                .get(Stack.POLICY + "/api/v1/reviews/" + reviewId + "/items").then().statusCode(200).extract().jsonPath();
    }

    /** The item of the worker's group, as a policy administrator reads it. */
    private static JsonPath item(String workerId, String group) {
        JsonPath items = items("paula", Map.of("workerId", workerId));
        assertThat(items.getList("items.group", String.class)).contains(group);
        return items.setRootPath("items.find { it.group == '" + group + "' }");
    }

    private static int itemId(String workerId, String group) {
        return item(workerId, group).getInt("itemId");
    }

    private static void decideRequest(String user, String requestId) {
        given().auth().oauth2(userToken(user)).contentType("application/json").body(Map.of("comment", "ok"))
                .post(Stack.POLICY + "/api/v1/access-requests/" + requestId + "/approve").then().statusCode(200);
    }

    /** The groups the worker's legacy-db user holds in the application's own tables (none when disabled). */
    private static Set<String> ledgerGroups(String workerId) throws Exception {
        List<TargetAccounts.Found> found = TARGETS.ledger(workerId).getOrDefault(workerId, List.of());
        return found.isEmpty() || !found.get(0).enabled() ? Set.of() : new TreeSet<>(found.get(0).groups());
    }
}
