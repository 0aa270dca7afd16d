package io.provisioning.policy.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.provisioning.common.problem.Problem;
import io.provisioning.contracts.Json;
import io.provisioning.policy.authoring.PolicyActivation;
import io.provisioning.policy.authoring.PolicyPreview;
import io.provisioning.policy.store.PolicyVersionEntity;
import io.provisioning.policy.store.SqlTimes;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What the policy endpoints answer: versions, their rollouts, activations and refusals. */
final class PolicyViews {

    private static final ObjectMapper MAPPER = Json.mapper();

    private PolicyViews() {
    }

    /**
     * What an activation did.
     *
     * @param changed  false when the document was already the active one (nothing was stored)
     * @param targets  the preview's counts per target: what the rollout brings about
     * @param rollout  how the rollout goes: {@code GET /api/v1/policy/versions/{version}}
     */
    public record ActivationView(long version, Instant activatedAt, String author, String comment, String digest,
                                 String format, boolean changed, Map<String, PolicyPreview.Counts> targets,
                                 String previewDigest, String rollout) {
    }

    /** A version with how far its rollout got. */
    public record VersionView(long version, Instant activatedAt, String author, String comment, String digest,
                              String format, Object document, boolean active, RolloutView rollout) {
    }

    /** {@code status}: RUNNING, DONE or SUPERSEDED (a newer version took over). */
    public record RolloutView(String status, long identities, long commands, Instant startedAt, Instant finishedAt) {
    }

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

    /** An activation's answer: the version activated, or the mass-change refusal as problem+json. */
    static Response answer(PolicyActivation.Outcome outcome) {
        if (outcome instanceof PolicyActivation.Refused refused) {
            Map<String, Object> problem = new LinkedHashMap<>();
            problem.put("type", Problem.TYPE_BASE + "mass-change");
            problem.put("title", "Mass change not confirmed");
            problem.put("status", 409);
            problem.put("detail", "The policy was not activated: " + refused.reason() + ".");
            problem.put("digest", refused.preview().digest());
            problem.put("identities", refused.preview().identities());
            problem.put("accounts", refused.preview().accounts());
            problem.put("targets", refused.preview().targets());
            if (!refused.preview().conflicts().isEmpty()) {
                problem.put("conflicts", refused.preview().conflicts());
            }
            return Response.status(409).type(Problem.MEDIA_TYPE).entity(problem).build();
        }
        PolicyActivation.Activated activated = (PolicyActivation.Activated) outcome;
        PolicyVersionEntity v = activated.version();
        return Response.ok(new ActivationView(v.version, v.activatedAt, v.author, v.comment, v.digest, v.format,
                !activated.unchanged(), activated.preview() == null ? Map.of() : activated.preview().targets(),
                activated.preview() == null ? null : activated.preview().digest(),
                "/api/v1/policy/versions/" + v.version)).build();
    }

    /** How far the version's rollout got; null for a version never rolled out. */
    static RolloutView rollout(long version) {
        List<?> rows = PolicyVersionEntity.getEntityManager().createNativeQuery("""
                        SELECT status, identities, commands, started_at, finished_at FROM policy_rollout WHERE version = ?1""")
                .setParameter(1, version).getResultList();
        if (rows.isEmpty()) {
            return null; // the default version 1 is not rolled out: identities are evaluated as events come
        }
        Object[] row = (Object[]) rows.get(0);
        return new RolloutView((String) row[0], ((Number) row[1]).longValue(), ((Number) row[2]).longValue(),
                SqlTimes.instant(row[3]), SqlTimes.instant(row[4]));
    }

    /** The document as stored: the YAML text, or the JSON document as an object. */
    static Object document(PolicyVersionEntity stored) {
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
