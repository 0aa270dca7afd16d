package io.provisioning.systemtests;

import static io.restassured.RestAssured.given;

import io.restassured.path.json.JsonPath;
import java.util.List;

/**
 * An operator at the termination-burst guard: a test that terminates more workers within an hour than
 * the guard admits approves the holds of its own workers, as the operator of a real mass leave would.
 */
final class HeldTerminations {

    private HeldTerminations() {
    }

    /**
     * Approves each HELD hold that holds a termination of a worker whose id starts with the prefix.
     *
     * @return how many holds it approved; 0 also when policy-service cannot be reached (a fault drill)
     */
    static int approveHoldsOf(String workerPrefix) {
        try {
            int approved = 0;
            for (String holdId : heldHolds()) {
                List<String> workers = given().auth().oauth2(Stack.token("ops-console")).queryParam("size", 1000)
                        .get(Stack.POLICY + "/api/v1/termination-holds/" + holdId).then().statusCode(200)
                        .extract().jsonPath().getList("terminations.workerId", String.class);
                if (workers.stream().anyMatch(w -> w.startsWith(workerPrefix))) {
                    given().auth().oauth2(Stack.token("ops-console"))
                            .post(Stack.POLICY + "/api/v1/termination-holds/" + holdId + "/approve")
                            .then().statusCode(200);
                    approved++;
                }
            }
            return approved;
        } catch (RuntimeException | AssertionError unreachable) {
            return 0;
        }
    }

    /** The ids of the holds collecting terminations now (at most one). */
    static List<String> heldHolds() {
        return given().auth().oauth2(Stack.token("ops-console")).queryParam("status", "HELD")
                .get(Stack.POLICY + "/api/v1/termination-holds").then().statusCode(200)
                .extract().jsonPath().getList("items.holdId", String.class);
    }

    /** The guard's window now: {@code admittedInWindow}, {@code threshold}, {@code openHold}, ... */
    static JsonPath guard() {
        return given().auth().oauth2(Stack.token("ops-console"))
                .get(Stack.POLICY + "/api/v1/termination-holds/guard").then().statusCode(200).extract().jsonPath();
    }
}
