package io.provisioning.policy.api;

import io.provisioning.common.problem.Problem;
import io.provisioning.common.problem.ProblemException;
import io.provisioning.common.security.ApiRoles;
import io.provisioning.policy.authoring.PolicyActivation;
import io.provisioning.policy.authoring.PolicyPreview;
import io.provisioning.policy.authoring.PolicyPreviewer;
import io.provisioning.policy.authoring.PolicyValidator;
import io.provisioning.policy.authoring.ProtectedAttributes;
import io.provisioning.policy.api.PolicyViews.ActivationView;
import io.provisioning.policy.api.PolicyViews.PolicyView;
import io.provisioning.policy.api.PolicyViews.VersionPage;
import io.provisioning.policy.api.PolicyViews.VersionSummary;
import io.provisioning.policy.api.PolicyViews.VersionView;
import io.provisioning.policy.store.PolicyStore;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.security.identity.SecurityIdentity;
import io.provisioning.policy.store.PolicyVersionEntity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The access policy: the active version, every version ever activated, a draft's preview,
 * activation of a new version and of an older one (rollback).
 */
@Path("/api/v1/policy")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Policy", description = "The versioned access policy: the active version, its history, a draft's preview,"
        + " activation and rollback")
public class PolicyResource {

    private static final int MAX_SIZE = 100;

    private static final int MAX_DOCUMENT = 1_000_000;
    private static final int MAX_COMMENT = 500;
    private static final int MAX_PREVIEW_PAGE = 1000;

    @Inject
    ProtectedAttributes protectedAttributes;

    @Inject
    PolicyStore policies;

    @Inject
    PolicyPreviewer previewer;

    @Inject
    PolicyActivation activation;

    @Inject
    SecurityIdentity identity;

    @Inject
    JsonWebToken token;

    @GET
    @RolesAllowed({ApiRoles.OPERATOR, ApiRoles.POLICY_ADMIN})
    @Transactional
    @Operation(summary = "Get the active policy",
            description = "Returns the active policy version with its document (the YAML text, or the JSON document"
                    + " as an object), author, comment and digest (roles operator, policy-admin).")
    @APIResponse(responseCode = "200", description = "The active version",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = PolicyView.class)))
    public PolicyView active() {
        long version = policies.active().version();
        PolicyVersionEntity stored = PolicyVersionEntity.findById(version);
        return new PolicyView(stored.version, stored.activatedAt, stored.author, stored.comment, stored.digest,
                stored.format, PolicyViews.document(stored));
    }

    @GET
    @Path("/versions")
    @RolesAllowed({ApiRoles.OPERATOR, ApiRoles.POLICY_ADMIN})
    @Transactional
    @Operation(summary = "List policy versions",
            description = "Lists every version ever activated, newest first, a page at a time, without the documents,"
                    + " with the total number of versions (roles operator, policy-admin).")
    @APIResponse(responseCode = "200", description = "A page of versions, newest first",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = VersionPage.class)))
    public VersionPage versions(
            @Parameter(description = "0-based page number") @QueryParam("page") @DefaultValue("0") int page,
            @Parameter(description = "Versions per page, 1-100") @QueryParam("size") @DefaultValue("20") int size) {
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

    @GET
    @Path("/versions/{version}")
    @RolesAllowed({ApiRoles.OPERATOR, ApiRoles.POLICY_ADMIN})
    @Transactional
    @Operation(summary = "Get a policy version",
            description = "Returns one version with its document, whether it is the active one, and how far its"
                    + " rollout got: RUNNING, DONE or SUPERSEDED, with the identities and commands it covered; none for"
                    + " a version that was not rolled out, such as the default policy (roles operator, policy-admin).")
    @APIResponse(responseCode = "200", description = "The version and its rollout",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = VersionView.class)))
    @APIResponse(responseCode = "404", description = "There is no such policy version",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
    public VersionView version(@PathParam("version") long version) {
        PolicyVersionEntity stored = PolicyVersionEntity.findById(version);
        if (stored == null) {
            throw ProblemException.notFound("There is no policy version " + version + ".");
        }
        return new VersionView(stored.version, stored.activatedAt, stored.author, stored.comment, stored.digest,
                stored.format, PolicyViews.document(stored), stored.version == policies.active().version(), PolicyViews.rollout(version));
    }

    /** Validates a draft and activates it as the next version (YAML or JSON, by Content-Type). */
    @PUT
    @Consumes({"application/yaml", "application/x-yaml", "text/yaml", "text/x-yaml", "text/plain", MediaType.APPLICATION_JSON})
    @RolesAllowed(ApiRoles.POLICY_ADMIN)
    @Operation(summary = "Activate a new policy version",
            description = "Validates a draft (JSON when the Content-Type says so, else YAML) and activates it as the"
                    + " next version, rolled out to every identity and recorded on policy.changes (role policy-admin);"
                    + " a draft identical to the active policy stores nothing (changed: false). A mass change,"
                    + " disabling or deleting more than provisioning.policy.guard.max-disable-share of the accounts"
                    + " (default 5 %) or revoking more than provisioning.policy.guard.max-revokes group grants"
                    + " (default 1 000), is refused unless confirm carries the digest of a preview of the same"
                    + " outcome.")
    @APIResponse(responseCode = "200", description = "Activated, or already the active policy; rollout names where"
            + " its progress is shown",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = ActivationView.class)))
    @APIResponse(responseCode = "409", description = "A mass change not confirmed with the digest of a preview of the"
            + " current state: the problem carries that digest and the preview's counts; nothing was activated and"
            + " the refusal is recorded on policy.changes",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
    public Response replace(String body, @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
            @Parameter(description = "Why, kept with the version: at most 500 characters, no control characters")
            @QueryParam("comment") String comment,
            @Parameter(description = "The digest of a preview of this draft, to confirm a mass change")
            @QueryParam("confirm") String confirm) {
        checkComment(comment);
        PolicyValidator.ValidPolicy draft = PolicyValidator.validate(limited(body), format(contentType), protectedAttributes);
        return PolicyViews.answer(activation.activate(draft, author(), comment, confirm));
    }

    /** Activates an older version again, as a new version with the same document. */
    @POST
    @Path("/versions/{version}/activate")
    @RolesAllowed(ApiRoles.POLICY_ADMIN)
    @Operation(summary = "Roll back to an earlier policy version",
            description = "Activates the document of an earlier version again, as a new version commented \"rollback"
                    + " to version N\" and rolled out like any other (role policy-admin). It passes the same"
                    + " mass-change guard as a new draft; a document identical to the active policy stores nothing.")
    @APIResponse(responseCode = "200", description = "Activated, or already the active policy; rollout names where"
            + " its progress is shown",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = ActivationView.class)))
    @APIResponse(responseCode = "404", description = "There is no such policy version",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
    @APIResponse(responseCode = "409", description = "A mass change not confirmed with the digest of a preview of the"
            + " current state: the problem carries that digest and the preview's counts; nothing was activated and"
            + " the refusal is recorded on policy.changes",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
    public Response rollback(@Parameter(description = "The earlier version whose document is activated again")
            @PathParam("version") long version,
            @Parameter(description = "Why, added to the version's comment: at most 500 characters, no control"
                    + " characters") @QueryParam("comment") String comment,
            @Parameter(description = "The digest of a preview of this document, to confirm a mass change")
            @QueryParam("confirm") String confirm) {
        checkComment(comment);
        PolicyVersionEntity stored = QuarkusTransaction.requiringNew()
                .call(() -> PolicyVersionEntity.<PolicyVersionEntity>findById(version));
        if (stored == null) {
            throw ProblemException.notFound("There is no policy version " + version + ".");
        }
        PolicyValidator.ValidPolicy draft = PolicyValidator.validate(stored.document, stored.format, protectedAttributes);
        String why = "rollback to version " + version + (comment == null || comment.isBlank() ? "" : ": " + comment);
        return PolicyViews.answer(activation.activate(draft, author(), why, confirm));
    }

    /** What a draft would change now, per target and per account; changes nothing. */
    @POST
    @Path("/preview")
    @Consumes({"application/yaml", "application/x-yaml", "text/yaml", "text/x-yaml", "text/plain", MediaType.APPLICATION_JSON})
    @RolesAllowed({ApiRoles.POLICY_ADMIN, ApiRoles.OPERATOR})
    @Operation(summary = "Preview a draft policy",
            description = "Evaluates a draft (JSON when the Content-Type says so, else YAML) for every identity and"
                    + " answers what it would change now, per target and per account, with the digest that confirms"
                    + " an activation of the same outcome; nothing is changed (roles policy-admin, operator). The"
                    + " per-account changes come a page at a time: send the draft again with nextCursor as cursor.")
    @APIResponse(responseCode = "200", description = "The counts per target, a page of per-account changes and the"
            + " digest",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = PolicyPreview.class)))
    public PolicyPreview preview(String body, @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
            @Parameter(description = "The nextCursor of the previous page; absent for the first page")
            @QueryParam("cursor") String cursor,
            @Parameter(description = "Per-account changes per page, 1-1000") @QueryParam("limit") @DefaultValue("100")
            int limit) {
        if (limit < 1 || limit > MAX_PREVIEW_PAGE) {
            throw ProblemException.invalid("The query is invalid.",
                    List.of(new Problem.FieldError(null, "/limit", "must be between 1 and " + MAX_PREVIEW_PAGE)));
        }
        if (cursor != null) {
            try {
                PolicyPreviewer.decode(cursor);
            } catch (IllegalArgumentException e) {
                throw ProblemException.invalid("The query is invalid.",
                        List.of(new Problem.FieldError(null, "/cursor", "is not a cursor of this preview")));
            }
        }
        PolicyValidator.ValidPolicy draft = PolicyValidator.validate(limited(body), format(contentType), protectedAttributes);
        return previewer.preview(draft.document(), PolicyStore.digest(draft.text()), cursor, limit);
    }

    private String author() {
        String subject = token == null ? null : token.getSubject();
        return subject != null ? subject : identity.getPrincipal().getName();
    }

    private static String format(String contentType) {
        return contentType != null && contentType.toLowerCase().startsWith(MediaType.APPLICATION_JSON) ? "json" : "yaml";
    }

    private static String limited(String body) {
        if (body != null && body.length() > MAX_DOCUMENT) {
            throw ProblemException.invalid("The policy document is too large.",
                    List.of(new Problem.FieldError(null, "", "must be at most " + MAX_DOCUMENT + " characters")));
        }
        return body;
    }

    private static void checkComment(String comment) {
        if (comment != null && (comment.length() > MAX_COMMENT || comment.chars().anyMatch(Character::isISOControl))) {
            throw ProblemException.invalid("The query is invalid.", List.of(new Problem.FieldError(null, "/comment",
                    "must be at most " + MAX_COMMENT + " characters without control characters")));
        }
    }
}
