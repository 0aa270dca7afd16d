package io.provisioning.systemtests;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.restassured.path.json.JsonPath;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Each running service describes its API in its OpenAPI document, the way a client generator or
 * an operator in Swagger UI reads it: every operation tagged, summarised, secured by the bearer
 * scheme, with its problem+json answers; the HR event samples as examples.
 */
class OpenApiDocumentsIT {

    private static final List<String> SERVICES = List.of(Stack.INGEST, Stack.POLICY, Stack.CONNECTOR, Stack.AUDIT);
    private static final List<String> HTTP_METHODS = List.of("get", "put", "post", "delete", "patch");

    @Test
    void everyOperationIsTaggedSummarisedSecuredAndAnswersProblemsAsProblemJson() {
        List<String> wrong = new ArrayList<>();
        int operations = 0;
        for (String service : SERVICES) {
            JsonPath document = openApi(service);
            assertThat(document.getString("components.securitySchemes.bearer.type")).as(service).isEqualTo("http");
            assertThat(document.getString("components.securitySchemes.bearer.scheme")).as(service).isEqualTo("bearer");
            assertThat(document.getMap("components.schemas.Problem.properties")).as(service)
                    .containsKeys("type", "title", "status", "detail", "errors");
            Map<String, Map<String, Object>> paths = document.getMap("paths");
            for (String path : paths.keySet()) {
                if (!path.startsWith("/api/")) {
                    continue;
                }
                for (String method : HTTP_METHODS) {
                    if (!paths.get(path).containsKey(method)) {
                        continue;
                    }
                    operations++;
                    String at = service + " " + method.toUpperCase() + " " + path;
                    String operation = "paths.'" + path + "'." + method;
                    if (document.getList(operation + ".tags") == null || document.getList(operation + ".tags").isEmpty()) {
                        wrong.add(at + ": no tag");
                    }
                    String summary = document.getString(operation + ".summary");
                    if (summary == null || summary.isBlank()) {
                        wrong.add(at + ": no summary");
                    }
                    List<Map<String, Object>> security = document.getList(operation + ".security");
                    if (security == null || security.stream().noneMatch(s -> s.containsKey("bearer"))) {
                        wrong.add(at + ": not secured by the bearer scheme");
                    }
                    for (String status : List.of("401", "403", "503")) {
                        String ref = document.getString(operation + ".responses.'" + status
                                + "'.content.'application/problem+json'.schema.$ref");
                        if (ref == null || !ref.endsWith("/Problem")) {
                            wrong.add(at + ": " + status + " is not a problem+json answer");
                        }
                    }
                }
            }
        }
        assertThat(wrong).isEmpty();
        assertThat(operations).isGreaterThanOrEqualTo(25);
    }

    @Test
    void theHrEventsOperationCarriesTheSampleEventsAsExamples() {
        JsonPath document = openApi(Stack.INGEST);

        Map<String, Object> examples = document.getMap(
                "paths.'/api/v1/hr-events'.post.requestBody.content.'application/cloudevents+json'.examples");

        assertThat(examples).containsKeys("hired-employee", "updated-mover", "terminated", "rehired");
        assertThat(document.getString("paths.'/api/v1/hr-events'.post.requestBody.content."
                + "'application/cloudevents+json'.examples.terminated.value.type")).isEqualTo("hr.worker.terminated");
    }

    @Test
    void swaggerUiIsServedByEveryService() {
        for (String service : SERVICES) {
            given().redirects().follow(true).when().get(service + "/q/swagger-ui/").then().statusCode(200);
        }
    }

    private static JsonPath openApi(String service) {
        return given().accept("application/json").queryParam("format", "json").when().get(service + "/q/openapi")
                .then().statusCode(200).extract().jsonPath();
    }
}
