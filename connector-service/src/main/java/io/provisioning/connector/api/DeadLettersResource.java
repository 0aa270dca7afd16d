package io.provisioning.connector.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.provisioning.common.problem.Problem;
import io.provisioning.common.problem.ProblemException;
import io.provisioning.common.security.ApiRoles;
import io.provisioning.connector.runtime.DeadLetterRetry;
import io.provisioning.connector.store.DeadLetterStore;
import io.provisioning.connector.store.DeadLetterStore.DeadLetter;
import io.provisioning.contracts.Json;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Commands that failed for good, and re-running one of them. */
@Path("/api/v1/dead-letters")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Dead letters", description = "Provisioning commands that failed for good, and an operator's retry")
public class DeadLettersResource {

    private static final ObjectMapper MAPPER = Json.mapper();
    private static final int MAX_LIMIT = 500;

    @Inject
    DeadLetterStore store;

    @Inject
    DeadLetterRetry retry;

    @Inject
    SecurityIdentity identity;

    /**
     * Dead letters oldest first.
     *
     * @param status OPEN (default: waiting for an operator), RETRIED, or ALL
     */
    @GET
    @RolesAllowed(ApiRoles.OPERATOR)
    @Operation(summary = "List dead letters",
            description = "Lists the commands that failed for good, oldest first, a page at a time: each with why"
                    + " (errorCode, error), its attempts, the command itself and whether and by whom it was retried"
                    + " (role operator). Error code GROUP_NOT_MANAGED means the command named a group outside the"
                    + " target's managed-groups, and the target was not touched.")
    @APIResponse(responseCode = "200", description = "A page of dead letters; nextCursor is null on the last page",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = DeadLetterPage.class)))
    public DeadLetterPage list(
            @Parameter(description = "Only the dead letters of this target") @QueryParam("targetId") String targetId,
            @Parameter(description = "OPEN (waiting for an operator), RETRIED, or ALL")
            @QueryParam("status") @DefaultValue("OPEN") String status,
            @Parameter(description = "The nextCursor of the previous page; absent for the first page")
            @QueryParam("cursor") String cursor,
            @Parameter(description = "Dead letters per page, 1-500") @QueryParam("limit") @DefaultValue("100")
            int limit) {
        if (!List.of("OPEN", "RETRIED", "ALL").contains(status)) {
            throw invalid("/status", "must be OPEN, RETRIED or ALL");
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw invalid("/limit", "must be between 1 and " + MAX_LIMIT);
        }
        Instant afterTime = null;
        String afterId = null;
        if (cursor != null) {
            try {
                String[] parts = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split("\\|", 2);
                afterTime = Instant.parse(parts[0]);
                afterId = parts[1];
            } catch (RuntimeException e) {
                throw invalid("/cursor", "is not a cursor this API returned");
            }
        }
        List<DeadLetter> letters = store.page(targetId, status.equals("ALL") ? null : status, afterTime, afterId, limit + 1);
        String next = null;
        if (letters.size() > limit) {
            letters = letters.subList(0, limit);
            DeadLetter last = letters.get(limit - 1);
            next = Base64.getUrlEncoder().withoutPadding().encodeToString(
                    (last.deadLetteredAt() + "|" + last.commandId()).getBytes(StandardCharsets.UTF_8));
        }
        return new DeadLetterPage(letters.stream().map(DeadLettersResource::view).toList(), next);
    }

    /** Re-publishes the command to its target's topic; its worker runs it again, from attempt 1. */
    @POST
    @Path("/{commandId}/retry")
    @RolesAllowed(ApiRoles.OPERATOR)
    @Operation(summary = "Retry a dead letter",
            description = "Re-publishes the command to its target's topic, where the target's worker runs it again"
                    + " from attempt 1, and records the operator's action on policy.changes (role operator). Only an"
                    + " OPEN dead letter is retried: a second retry of the same failure is refused.")
    @APIResponse(responseCode = "202", description = "Re-published; the dead letter, now RETRIED",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = DeadLetterView.class)))
    @APIResponse(responseCode = "404", description = "No dead letter has that command id",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
    @APIResponse(responseCode = "409", description = "Already retried, not a provisioning command, or its target is"
            + " not configured in this service; nothing was re-published",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
    public Response retry(@PathParam("commandId") String commandId) {
        DeadLetter letter = store.find(commandId)
                .orElseThrow(() -> ProblemException.notFound("No dead letter has that command id."));
        DeadLetter retried = retry.retry(letter, identity.getPrincipal().getName());
        return Response.accepted(view(retried)).build();
    }

    /** A page of dead letters; {@code nextCursor} is null on the last page. */
    public record DeadLetterPage(List<DeadLetterView> items, String nextCursor) {
    }

    /**
     * @param command the command as received (JSON), or its raw text if it was not a command
     */
    public record DeadLetterView(String commandId, String targetId, String workerId, String accountId,
                                 String errorCode, String error, int attempts, Instant deadLetteredAt, String status,
                                 Instant retriedAt, String retriedBy, int retryCount, Object command) {
    }

    private static DeadLetterView view(DeadLetter letter) {
        Object command;
        try {
            command = MAPPER.readValue(letter.command(), JsonNode.class);
        } catch (Exception e) {
            command = letter.command();
        }
        return new DeadLetterView(letter.commandId(), letter.targetId(), letter.workerId(), letter.accountId(),
                letter.errorCode(), letter.error(), letter.attempts(), letter.deadLetteredAt(), letter.status(),
                letter.retriedAt(), letter.retriedBy(), letter.retryCount(), command);
    }

    private static ProblemException invalid(String pointer, String message) {
        return ProblemException.invalid("The query is invalid.",
                List.of(new Problem.FieldError(null, pointer, message)));
    }
}
