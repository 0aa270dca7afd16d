package io.provisioning.connector.api;

import io.provisioning.common.security.ApiRoles;
import io.provisioning.connector.runtime.Targets;
import io.provisioning.connector.store.DeadLetterStore;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The configured targets and how their workers are doing. */
@Path("/api/v1/targets")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Targets", description = "The configured target systems and how their workers are doing")
public class TargetsResource {

    @Inject
    Targets targets;

    @Inject
    DeadLetterStore store;

    /**
     * Each target: its connector type, health, circuit state, backlog, and its settled commands by
     * status since the service's database was created.
     */
    @GET
    @RolesAllowed(ApiRoles.OPERATOR)
    @Operation(summary = "List targets",
            description = "Lists every configured target with its connector type, health, circuit state, backlog,"
                    + " concurrency, the groups its configuration hands over and its last error, and its settled"
                    + " commands by status (applied, noop, failed) since the service's database was created (role"
                    + " operator).")
    @APIResponse(responseCode = "200", description = "Every configured target",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(type = SchemaType.ARRAY, implementation = TargetView.class)))
    public List<TargetView> list() {
        return targets.statuses().stream().map(status -> {
            Map<String, Long> counts = store.countsByStatus(status.targetId());
            return new TargetView(status.targetId(), status.type(), status.health(), status.circuit(),
                    status.backlog(), counts.getOrDefault("APPLIED", 0L), counts.getOrDefault("NOOP", 0L),
                    counts.getOrDefault("FAILED", 0L), status.lastError(), status.concurrency(),
                    status.managedGroups());
        }).toList();
    }

    /**
     * @param backlog   commands waiting in the target's topic; -1 until the worker has measured it
     * @param applied   commands that changed the target
     * @param noop      commands that found the target already as desired, duplicates and stale ones
     * @param failed    commands that were dead-lettered
     * @param lastError the last error the target gave, safe to show; null if none
     * @param concurrency the threads that apply the target's commands
     * @param managedGroups the groups the target's configuration hands over to the product (names, and
     *                      prefixes ending in *): a command naming another is dead-lettered
     */
    public record TargetView(String id, String type, String health, String circuit, long backlog, long applied,
                             long noop, long failed, String lastError, int concurrency, List<String> managedGroups) {
    }
}
