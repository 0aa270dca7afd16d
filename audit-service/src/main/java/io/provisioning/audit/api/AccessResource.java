package io.provisioning.audit.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.provisioning.audit.chain.CanonicalJson;
import io.provisioning.audit.store.AuditQueries;
import io.provisioning.audit.store.AuditRecordEntity;
import io.provisioning.common.problem.Problem;
import io.provisioning.common.problem.ProblemException;
import io.provisioning.common.security.ApiRoles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * {@code access/{workerId}?at=}: the accounts and groups a worker held at an instant, from the
 * outcomes the connectors reported as applied (a target's state changes when the connector
 * applied the change, not when the policy decided it).
 */
@Path("/api/v1/audit/access")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(ApiRoles.AUDITOR)
@Tag(name = "Audit access", description = "The accounts and groups a worker held at an instant, as the audit trail"
        + " proves it")
public class AccessResource {

    /** How a command names access granted on request among a group's reasons. */
    private static final String REQUEST_REASON = "request:";

    @Inject
    AuditQueries queries;

    @Inject
    Clock clock;

    /**
     * @param since     when the connector applied the state shown
     * @param auditSeq  the audit record that proves it
     * @param grantedBy why each group is held, as the command that brought it said: the policy's rule
     *                  ids, and {@code request:<id>} for access granted on request (its trace shows who asked
     *                  and who approved)
     */
    public record HeldAccount(String targetId, String accountId, String state, List<String> groups, Instant since,
                              String commandId, long auditSeq, Map<String, List<String>> grantedBy) {
    }

    /**
     * An access request behind a group held, as the trail recorded it up to the instant.
     *
     * @param requestedBy   the worker who asked
     * @param approvedBy    the workers who approved its stages, in order
     * @param justification the requester's words
     * @param auditSeq      the record of the request
     */
    public record GrantingRequest(String requestId, String requestedBy, List<String> approvedBy, String justification,
                                  Instant startsAt, Instant endsAt, long auditSeq) {
    }

    /** @param requests the access requests named in {@code grantedBy}: who asked, who approved, for how long */
    public record Access(String workerId, Instant at, List<HeldAccount> accounts, List<GrantingRequest> requests) {
    }

    @GET
    @Path("/{workerId}")
    @Operation(summary = "Show the access a worker held at an instant",
            description = "Returns the accounts, with their state and groups, that a worker held in each target at an"
                    + " instant, from the outcomes the connectors reported as applied: a target's state changes when"
                    + " the connector applied the change, not when the policy decided it (role auditor). Each account"
                    + " names the command that brought it about and the audit record that proves it; a worker with"
                    + " nothing recorded has no accounts.")
    @APIResponse(responseCode = "200", description = "The accounts the worker held at that instant",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = Access.class)))
    public Access access(@PathParam("workerId") String workerId,
            @Parameter(description = "An ISO-8601 instant such as 2026-11-26T09:00:00Z; now when absent")
            @QueryParam("at") String at) {
        List<Problem.FieldError> errors = new ArrayList<>();
        Instant instant = at == null || at.isBlank() ? clock.instant() : QueryParams.instant("at", at, errors);
        if (!errors.isEmpty()) {
            throw ProblemException.invalid("Invalid query parameters", errors);
        }
        Map<String, HeldAccount> latest = new LinkedHashMap<>();
        Map<String, Long> latestSequence = new LinkedHashMap<>();
        for (AuditRecordEntity record : queries.outcomesOf(workerId)) {
            JsonNode outcome = payload(record);
            if (outcome == null) {
                continue;
            }
            String status = outcome.path("status").asText();
            if (!status.equals("APPLIED") && !status.equals("NOOP")) {
                continue;
            }
            Instant applied = appliedAt(outcome, record);
            if (applied.isAfter(instant)) {
                continue;
            }
            String key = outcome.path("targetId").asText() + "/" + outcome.path("accountId").asText();
            long sequence = outcome.path("sequence").asLong();
            if (latestSequence.containsKey(key) && latestSequence.get(key) > sequence) {
                continue; // a late outcome of an older command does not undo a newer one
            }
            latestSequence.put(key, sequence);
            List<String> groups = new ArrayList<>();
            outcome.path("groups").forEach(g -> groups.add(g.asText()));
            latest.put(key, new HeldAccount(outcome.path("targetId").asText(), outcome.path("accountId").asText(),
                    outcome.path("state").asText(), groups, applied, outcome.path("commandId").asText(null),
                    record.seq, Map.of()));
        }
        List<HeldAccount> held = latest.values().stream().filter(a -> !a.state().equals("ABSENT")).toList();
        Map<String, String> commandTargets = new LinkedHashMap<>();
        held.stream().filter(a -> a.commandId() != null).forEach(a -> commandTargets.put(a.commandId(), a.targetId()));
        Map<String, String> commands = queries.commands(commandTargets);
        held = held.stream().map(a -> new HeldAccount(a.targetId(), a.accountId(), a.state(), a.groups(), a.since(),
                a.commandId(), a.auditSeq(), grantedBy(commands.get(a.commandId()), a.groups()))).toList();
        List<GrantingRequest> requests = new ArrayList<>();
        held.stream().flatMap(a -> a.grantedBy().values().stream()).flatMap(List::stream)
                .filter(reason -> reason.startsWith(REQUEST_REASON)).distinct()
                .forEach(reason -> request(reason.substring(REQUEST_REASON.length()), instant).ifPresent(requests::add));
        return new Access(workerId, instant, held, requests);
    }

    /** The request's record and decisions up to the instant; empty if the trail has not recorded it. */
    private java.util.Optional<GrantingRequest> request(String requestId, Instant instant) {
        GrantingRequest found = null;
        List<String> approvedBy = new ArrayList<>();
        for (AuditRecordEntity record : queries.correlated(requestId)) {
            if (!record.type.equals("access-request") || record.recordedAt.toInstant().isAfter(instant)) {
                continue;
            }
            JsonNode step = payload(record);
            if (step == null) {
                continue;
            }
            switch (step.path("transition").asText()) {
                case "requested" -> found = new GrantingRequest(requestId, step.path("requestedBy").asText(null),
                        approvedBy, step.path("comment").asText(null), instant(step.path("startsAt")),
                        instant(step.path("endsAt")), record.seq);
                case "approved" -> approvedBy.add(step.path("approverId").asText(null));
                default -> { }
            }
        }
        return java.util.Optional.ofNullable(found);
    }

    private static Instant instant(JsonNode value) {
        try {
            return value.isTextual() ? Instant.parse(value.asText()) : null;
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** The reasons the command gave for each group the account holds; empty when the command is not recorded. */
    private static Map<String, List<String>> grantedBy(String command, List<String> groups) {
        Map<String, List<String>> reasons = new LinkedHashMap<>();
        if (command == null) {
            return reasons;
        }
        try {
            JsonNode grants = CanonicalJson.parse(command).path("grants");
            for (String group : groups) {
                List<String> why = new ArrayList<>();
                grants.path(group).forEach(r -> why.add(r.asText()));
                if (!why.isEmpty()) {
                    reasons.put(group, why);
                }
            }
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return reasons;
        }
        return reasons;
    }

    private static JsonNode payload(AuditRecordEntity record) {
        try {
            return CanonicalJson.parse(record.payload);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return null;
        }
    }

    private static Instant appliedAt(JsonNode outcome, AuditRecordEntity record) {
        try {
            return outcome.hasNonNull("completedAt") ? Instant.parse(outcome.get("completedAt").asText())
                    : record.recordedAt.toInstant();
        } catch (DateTimeParseException e) {
            return record.recordedAt.toInstant();
        }
    }
}
