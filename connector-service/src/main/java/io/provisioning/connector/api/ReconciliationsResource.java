package io.provisioning.connector.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.provisioning.common.problem.Problem;
import io.provisioning.common.problem.ProblemException;
import io.provisioning.common.security.ApiRoles;
import io.provisioning.connector.reconciliation.OrphanLink;
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

/** Reconciliation runs: the drift report of one (runs start at {@link TargetReconciliationsResource}). */
@Path("/api/v1/reconciliations")
@Produces(MediaType.APPLICATION_JSON)
public class ReconciliationsResource {

    private static final ObjectMapper MAPPER = Json.mapper();
    private static final int MAX_LIMIT = 1000;

    @Inject
    ReconciliationStore store;

    @Inject
    OrphanLink orphanLink;

    @Inject
    SecurityIdentity caller;

    /**
     * Links an orphan the run reported to a worker: an operator's explicit decision, recorded on
     * policy.changes. The worker's commands then converge the account instead of refusing it.
     */
    @POST
    @Path("/{runId}/orphans/{accountId}/link")
    @RolesAllowed(ApiRoles.OPERATOR)
    public OrphanLink.Linked link(@PathParam("runId") String runId, @PathParam("accountId") String accountId,
            @QueryParam("workerId") String workerId) {
        return orphanLink.link(runId, accountId, workerId, caller.getPrincipal().getName());
    }

    /** The run's status, progress, counts and a page of its drift items. */
    @GET
    @Path("/{runId}")
    @RolesAllowed(ApiRoles.OPERATOR)
    public Report report(@PathParam("runId") String runId, @QueryParam("cursor") @DefaultValue("0") int cursor,
            @QueryParam("limit") @DefaultValue("100") int limit) {
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
