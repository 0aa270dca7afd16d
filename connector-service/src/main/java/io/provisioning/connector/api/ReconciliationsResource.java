package io.provisioning.connector.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.provisioning.common.problem.Problem;
import io.provisioning.common.problem.ProblemException;
import io.provisioning.common.security.ApiRoles;
import io.provisioning.connector.reconciliation.OrphanDecisions;
import io.provisioning.connector.reconciliation.ReconciliationStore;
import io.quarkus.security.identity.SecurityIdentity;
import io.provisioning.contracts.Json;
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
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Reconciliation runs: the drift report of one (runs start at {@link TargetReconciliationsResource}). */
@Path("/api/v1/reconciliations")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Reconciliations", description = "Runs that compare a target's accounts with the desired state, report the"
        + " drift and, in repair mode, re-issue the desired commands")
public class ReconciliationsResource {

    private static final ObjectMapper MAPPER = Json.mapper();
    private static final int MAX_LIMIT = 1000;

    @Inject
    ReconciliationStore store;

    @Inject
    OrphanDecisions orphans;

    @Inject
    SecurityIdentity caller;

    /**
     * Links an orphan the run reported to a worker: an operator's explicit decision, recorded on
     * policy.changes. The worker's commands then converge the account instead of refusing it.
     */
    @POST
    @Path("/{runId}/orphans/{accountId}/link")
    @RolesAllowed(ApiRoles.OPERATOR)
    @Operation(summary = "Link an orphan account to a worker",
            description = "Links an account the run reported as an orphan to a worker: the worker's id is written to"
                    + " the target's correlation attribute when the account has none, and the worker's commands then"
                    + " converge the account instead of refusing it (role operator). The decision is recorded on"
                    + " policy.changes with the operator's name; an account already carrying the worker's id is not"
                    + " changed again, so the request can be sent again.")
    @APIResponse(responseCode = "200", description = "Linked",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = OrphanDecisions.Linked.class)))
    @APIResponse(responseCode = "404", description = "No run has that id, or the run did not report that account as"
            + " an orphan",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
    @APIResponse(responseCode = "409", description = "The target is not configured here or cannot read and update"
            + " accounts, the account no longer exists, or it carries another worker's id",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
    public OrphanDecisions.Linked link(
            @Parameter(description = "The run that reported the orphan") @PathParam("runId") String runId,
            @Parameter(description = "The orphan's account id, as the run reported it")
            @PathParam("accountId") String accountId,
            @Parameter(description = "The worker the account belongs to: 1-64 of [A-Za-z0-9._-]; required")
            @QueryParam("workerId") String workerId) {
        return orphans.link(runId, accountId, workerId, caller.getPrincipal().getName());
    }

    @POST
    @Path("/{runId}/orphans/{accountId}/disable")
    @RolesAllowed(ApiRoles.OPERATOR)
    @Operation(summary = "Disable an orphan account",
            description = "Disables an account the run reported as an orphan, in the target, without deleting it: it"
                    + " stays for its owner to claim (link it then) or remove (role operator). The decision is recorded"
                    + " on policy.changes with the operator's name; disabling it again changes nothing, so the request"
                    + " can be sent again.")
    @APIResponse(responseCode = "200", description = "Disabled",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = OrphanDecisions.Disabled.class)))
    @APIResponse(responseCode = "404", description = "No run has that id, or the run did not report that account as"
            + " an orphan",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
    @APIResponse(responseCode = "409", description = "The target is not configured here or cannot read and disable"
            + " accounts, the account no longer exists, or it carries a worker's id now",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
    public OrphanDecisions.Disabled disable(
            @Parameter(description = "The run that reported the orphan") @PathParam("runId") String runId,
            @Parameter(description = "The orphan's account id, as the run reported it")
            @PathParam("accountId") String accountId) {
        return orphans.disable(runId, accountId, caller.getPrincipal().getName());
    }

    /** The run's status, progress, counts and a page of its drift items. */
    @GET
    @Path("/{runId}")
    @RolesAllowed(ApiRoles.OPERATOR)
    @Operation(summary = "Get a reconciliation run",
            description = "Returns a run's target, mode, status, progress, who requested it, its counts (empty while"
                    + " it runs) and a page of its drift items, each saying whether repair mode re-issued the"
                    + " account's desired state (role operator). Page through the items with nextCursor.")
    @APIResponse(responseCode = "200", description = "The run and a page of its drift items",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = Report.class)))
    @APIResponse(responseCode = "404", description = "No reconciliation run has that id",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
    public Report report(
            @Parameter(description = "The runId the start of the run answered with") @PathParam("runId") String runId,
            @Parameter(description = "The nextCursor of the previous page; 0 for the first page")
            @QueryParam("cursor") @DefaultValue("0") int cursor,
            @Parameter(description = "Drift items per page, 1-1000") @QueryParam("limit") @DefaultValue("100")
            int limit) {
        if (limit < 1 || limit > MAX_LIMIT || cursor < 0) {
            throw ProblemException.invalid("The query is invalid.",
                    List.of(new Problem.FieldError(null, limit < 1 || limit > MAX_LIMIT ? "/limit" : "/cursor",
                            limit < 1 || limit > MAX_LIMIT ? "must be between 1 and " + MAX_LIMIT : "must not be negative")));
        }
        ReconciliationStore.Run run = store.find(runId)
                .orElseThrow(() -> ProblemException.notFound("No reconciliation run has that id."));
        List<ReconciliationStore.Item> items = store.page(runId, cursor, limit + 1);
        Integer next = null;
        if (items.size() > limit) {
            items = items.subList(0, limit);
            next = items.get(limit - 1).no();
        }
        return new Report(run.runId(), run.targetId(), run.mode(), run.status(),
                new Progress(run.accountsRead(), run.desiredRead()), counts(run.counts()),
                items.stream().map(i -> new ItemView(i.kind(), i.accountId(), i.workerId(), i.detail(), i.repaired()))
                        .toList(),
                next == null ? null : next.toString(), run.requestedBy(), run.startedAt(), run.finishedAt(), run.error());
    }

    /**
     * @param progress   accounts read from the target, and desired accounts read from the topic
     * @param counts     drift items by kind, accounts left out because their newest command is still
     *                   pending, repairs issued; empty while running
     * @param nextCursor the cursor of the next page of items; null on the last
     */
    public record Report(String runId, String targetId, String mode, String status, Progress progress,
                         JsonNode counts, List<ItemView> items, String nextCursor, String requestedBy,
                         Instant startedAt, Instant finishedAt, String error) {
    }

    public record Progress(long accountsRead, long desiredAccounts) {
    }

    /** @param repaired true when repair mode re-issued the account's desired state */
    public record ItemView(String kind, String accountId, String workerId, String detail, boolean repaired) {
    }

    private static JsonNode counts(String json) {
        try {
            return json == null ? MAPPER.createObjectNode() : MAPPER.readTree(json);
        } catch (Exception e) {
            return MAPPER.createObjectNode();
        }
    }
}
