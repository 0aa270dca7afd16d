package io.provisioning.policy.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.provisioning.common.problem.Problem;
import io.provisioning.common.problem.ProblemException;
import io.provisioning.common.security.ApiRoles;
import io.provisioning.contracts.Json;
import io.provisioning.policy.store.PolicyStore;
import io.provisioning.policy.store.PolicyVersionEntity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.List;

/** The access policy as it is active now, and every version that was ever activated. */
@Path("/api/v1/policy")
@Produces(MediaType.APPLICATION_JSON)
public class PolicyResource {

    private static final ObjectMapper MAPPER = Json.mapper();
    private static final int MAX_SIZE = 100;

    @Inject
    PolicyStore policies;

    /**
     * A policy version.
     *
     * @param document as stored: the YAML text, or the JSON document as an object
     */
    public record PolicyView(long version, Instant activatedAt, String author, String comment, String digest,
                             String format, Object document) {
    }

    /** A version in the history, without its document. */
    public record VersionSummary(long version, Instant activatedAt, String author, String comment, String digest) {
    }

    /** A page of the history, newest first. */
    public record VersionPage(List<VersionSummary> items, int page, int size, long total) {
    }

    @GET
    @RolesAllowed({ApiRoles.OPERATOR, ApiRoles.POLICY_ADMIN})
    @Transactional
    public PolicyView active() {
        long version = policies.active().version();
        PolicyVersionEntity stored = PolicyVersionEntity.findById(version);
        return new PolicyView(stored.version, stored.activatedAt, stored.author, stored.comment, stored.digest,
                stored.format, document(stored));
    }

    @GET
    @Path("/versions")
    @RolesAllowed({ApiRoles.OPERATOR, ApiRoles.POLICY_ADMIN})
    @Transactional
    public VersionPage versions(@QueryParam("page") @DefaultValue("0") int page,
            @QueryParam("size") @DefaultValue("20") int size) {
        if (page < 0 || size < 1 || size > MAX_SIZE) {
            throw ProblemException.invalid("The query is invalid.", List.of(page < 0
                    ? new Problem.FieldError(null, "/page", "must not be negative")
                    : new Problem.FieldError(null, "/size", "must be between 1 and " + MAX_SIZE)));
        }
        policies.active(); // the default policy becomes version 1 on first use
        List<PolicyVersionEntity> versions = PolicyVersionEntity.find("order by version desc").page(page, size).list();
        return new VersionPage(versions.stream().map(v -> new VersionSummary(v.version, v.activatedAt, v.author,
                v.comment, v.digest)).toList(), page, size, PolicyVersionEntity.count());
    }

    private static Object document(PolicyVersionEntity stored) {
        if ("json".equals(stored.format)) {
            try {
                return MAPPER.readTree(stored.document);
            } catch (Exception e) {
                return stored.document;
            }
        }
        return stored.document;
    }
}
