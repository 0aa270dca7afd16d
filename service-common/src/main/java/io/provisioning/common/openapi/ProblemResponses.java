package io.provisioning.common.openapi;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.provisioning.common.problem.Problem;
import io.provisioning.contracts.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.Components;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.media.Content;
import org.eclipse.microprofile.openapi.models.media.MediaType;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.media.Schema.SchemaType;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;

/**
 * Completes every service's OpenAPI document the same way: the {@code Problem} schema (RFC 9457),
 * the answers any operation of the API can give (400 invalid input, 401 no valid token, 403 the
 * token lacks the role, 503 the database or the broker away for a while: send again) as
 * {@code application/problem+json}, and the golden HR event samples as request examples. The
 * resources then document only what is their own. Registered with {@code mp.openapi.filter}.
 */
public class ProblemResponses implements OASFilter {

    static final String PROBLEM = "Problem";
    private static final String API = "/api/";
    private static final String HR_EVENTS = "/api/v1/hr-events";
    private static final List<String> HR_SAMPLES = List.of("hired-employee", "hired-contractor", "hired-vendor",
            "updated-mover", "leave-started", "leave-ended", "terminated", "rehired");
    private static final Map<String, String> GENERIC = Map.of(
            "400", "Invalid input: each wrong field with its JSON pointer and the reason; nothing was applied",
            "401", "No token, or one that is not valid (expired, wrong issuer or audience)",
            "403", "The token lacks the role this operation requires",
            "503", "The database or the broker is away for a while; nothing was applied: send the same request again"
                    + " after Retry-After");

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        if (openAPI.getComponents() == null) {
            openAPI.setComponents(OASFactory.createComponents());
        }
        Components components = openAPI.getComponents();
        components.addSchema("FieldError", fieldErrorSchema());
        components.addSchema(PROBLEM, problemSchema());
        if (openAPI.getPaths() == null || openAPI.getPaths().getPathItems() == null) {
            return;
        }
        openAPI.getPaths().getPathItems().forEach((path, item) -> {
            if (!path.startsWith(API)) {
                return;
            }
            boolean pathParameters = item.getParameters() != null && !item.getParameters().isEmpty();
            for (Map.Entry<PathItem.HttpMethod, Operation> entry : item.getOperations().entrySet()) {
                addGenericAnswers(entry.getValue(), pathParameters);
                if (path.equals(HR_EVENTS) && entry.getKey() == PathItem.HttpMethod.POST) {
                    addHrEventExamples(entry.getValue());
                }
            }
        });
    }

    /** 400 only where there is input to be wrong: a body or a parameter. */
    private static void addGenericAnswers(Operation operation, boolean pathParameters) {
        if (operation.getResponses() == null) {
            operation.setResponses(OASFactory.createAPIResponses());
        }
        APIResponses responses = operation.getResponses();
        boolean takesInput = pathParameters || operation.getRequestBody() != null
                || operation.getParameters() != null && !operation.getParameters().isEmpty();
        GENERIC.forEach((status, description) -> {
            if (status.equals("400") && !takesInput) {
                return;
            }
            APIResponse response = responses.getAPIResponse(status);
            if (response == null) {
                responses.addAPIResponse(status, problemResponse(description));
            } else if (response.getContent() == null || response.getContent().getMediaType(Problem.MEDIA_TYPE) == null) {
                // the generator's own 401/403 entries carry no body: ours is a problem document
                response.setContent(problemContent());
            }
        });
    }

    /** The same answer for any operation with a problem document as its body. */
    static APIResponse problemResponse(String description) {
        return OASFactory.createAPIResponse().description(description).content(problemContent());
    }

    private static Content problemContent() {
        return OASFactory.createContent().addMediaType(Problem.MEDIA_TYPE,
                OASFactory.createMediaType().schema(OASFactory.createSchema().ref(PROBLEM)));
    }

    private static void addHrEventExamples(Operation operation) {
        if (operation.getRequestBody() == null || operation.getRequestBody().getContent() == null) {
            return;
        }
        Map<String, MediaType> types = operation.getRequestBody().getContent().getMediaTypes();
        if (types == null) {
            return;
        }
        types.forEach((name, type) -> {
            if (name.contains("batch")) {
                // a batch is a JSON array of events
                type.addExample("batch", OASFactory.createExample().summary("a batch of events")
                        .value(HR_SAMPLES.stream().map(ProblemResponses::sample).toList()));
                return;
            }
            for (String sample : HR_SAMPLES) {
                type.addExample(sample, OASFactory.createExample().summary(sample.replace('-', ' '))
                        .value(sample(sample)));
            }
        });
    }

    /** A sample as plain maps and lists, which every OpenAPI writer serialises as JSON. */
    private static Object sample(String name) {
        ObjectMapper mapper = Json.mapper();
        try (InputStream in = ProblemResponses.class.getResourceAsStream("/samples/hr/" + name + ".json")) {
            if (in == null) {
                throw new IllegalStateException("sample " + name + " is not on the class path");
            }
            return mapper.readValue(in, Object.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Schema problemSchema() {
        return OASFactory.createSchema().addType(SchemaType.OBJECT)
                .description("An RFC 9457 problem detail; never carries a stack trace, a secret or the offending value")
                .addProperty("type", string("A URI naming the kind of problem"))
                .addProperty("title", string("Short, the same for every occurrence of the type"))
                .addProperty("status", OASFactory.createSchema().addType(SchemaType.INTEGER).description("The HTTP status"))
                .addProperty("detail", string("What happened this time"))
                .addProperty("instance", string("The request or resource it happened to, where useful"))
                .addProperty("errors", OASFactory.createSchema().addType(SchemaType.ARRAY)
                        .description("For invalid input: each field that is wrong and why")
                        .items(OASFactory.createSchema().ref("FieldError")))
                .addRequired("type").addRequired("title").addRequired("status");
    }

    private static Schema fieldErrorSchema() {
        return OASFactory.createSchema().addType(SchemaType.OBJECT)
                .addProperty("index", integer("Position of the item in a batch or JSON array; absent for one document"))
                .addProperty("line", integer("CSV: the line the record starts on; YAML or JSON: the field's line"))
                .addProperty("column", integer("YAML or JSON: the field's column (1-based)"))
                .addProperty("pointer", string("RFC 6901 pointer to the field within the item"))
                .addProperty("message", string("Why the field is wrong; never echoes the value"));
    }

    private static Schema string(String description) {
        return OASFactory.createSchema().addType(SchemaType.STRING).description(description);
    }

    private static Schema integer(String description) {
        return OASFactory.createSchema().addType(SchemaType.INTEGER).description(description);
    }
}
