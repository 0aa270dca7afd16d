package io.provisioning.policy.authoring;

import io.provisioning.common.problem.Problem;
import io.provisioning.common.problem.ProblemException;
import io.provisioning.contracts.Topics;
import io.provisioning.contracts.policy.PolicyActivated;
import io.provisioning.contracts.policy.PolicyActivationRefused;
import io.provisioning.policy.store.Outbox;
import io.provisioning.policy.model.ConflictRule;
import io.provisioning.policy.store.PolicyStore;
import io.provisioning.policy.store.PolicyVersionEntity;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Activates a validated policy: previews it against every identity, refuses a mass change that
 * was not confirmed with the preview's digest, else stores it as the next version and starts its
 * rollout, in one transaction with the {@code policy.activated} record. A refusal is recorded on
 * {@code policy.changes} too.
 */
@ApplicationScoped
public class PolicyActivation {

    private static final String POLICY_KEY = "policy";

    @Inject
    PolicyStore store;

    @Inject
    PolicyPreviewer previewer;

    @Inject
    PolicyRollout rollout;

    @Inject
    Outbox outbox;

    @Inject
    CommandTopics topics;

    @Inject
    Clock clock;

    /** The largest share of live accounts an activation may disable or delete without confirmation. */
    @ConfigProperty(name = "provisioning.policy.guard.max-disable-share", defaultValue = "0.05")
    double maxDisableShare;

    /** The most group grants an activation may revoke without confirmation. */
    @ConfigProperty(name = "provisioning.policy.guard.max-revokes", defaultValue = "1000")
    long maxRevokes;

    /** What an activation request came to. */
    public sealed interface Outcome {
    }

    /**
     * @param unchanged true when the document is the active one: no new version, nothing recomputed
     */
    public record Activated(PolicyVersionEntity version, PolicyPreview preview, boolean unchanged) implements Outcome {
    }

    public record Refused(String reason, PolicyPreview preview) implements Outcome {
    }

    public Outcome activate(PolicyValidator.ValidPolicy draft, String actor, String comment, String confirm) {
        String documentDigest = PolicyStore.digest(draft.text());
        PolicyVersionEntity current = QuarkusTransaction.requiringNew()
                .call(() -> PolicyVersionEntity.<PolicyVersionEntity>findById(store.active().version()));
        if (current.digest.equals(documentDigest)) {
            return new Activated(current, null, true);
        }
        Set<String> withoutTopic = topics.missing(draft.document().targets().keySet());
        if (!withoutTopic.isEmpty()) {
            throw ProblemException.invalid("The policy names targets that have no command topic yet.",
                    withoutTopic.stream().map(target -> new Problem.FieldError(null, "/targets/" + target,
                            "has no topic " + Topics.commands(target) + ": create it and configure the target's connector first"))
                            .toList());
        }
        PolicyPreview preview = previewer.preview(draft.document(), documentDigest, null, 0);
        Optional<String> tooMuch = guard(preview);
        if (tooMuch.isPresent() && !preview.digest().equals(confirm)) {
            String reason = tooMuch.get() + (confirm == null ? "; confirm with the preview's digest"
                    : "; the confirmation does not match the preview of the current state: preview again");
            QuarkusTransaction.requiringNew().run(() -> outbox.enqueue(Topics.POLICY_CHANGES, POLICY_KEY,
                    new PolicyActivationRefused(UUID.randomUUID().toString(), clock.instant(), actor, preview.digest(),
                            reason, counts(preview))));
            return new Refused(reason, preview);
        }
        PolicyVersionEntity stored = QuarkusTransaction.requiringNew().call(() -> {
            rollout.supersedeRunning();
            PolicyVersionEntity next = store.storeNext(draft.text(), draft.format(), draft.document(), actor, comment);
            rollout.start(next.version);
            outbox.enqueue(Topics.POLICY_CHANGES, POLICY_KEY, new PolicyActivated(PolicyRollout.correlationId(next.version),
                    next.activatedAt, actor, next.version, comment, next.digest, counts(preview)));
            return next;
        });
        return new Activated(stored, preview, false);
    }

    /** Why the preview is a mass change, if it is. */
    Optional<String> guard(PolicyPreview preview) {
        PolicyPreview.Counts total = preview.total();
        long lost = total.disable() + total.delete();
        if (preview.accounts() > 0 && lost > maxDisableShare * preview.accounts()) {
            return Optional.of("it would disable or delete " + lost + " of " + preview.accounts()
                    + " accounts, more than " + Math.round(maxDisableShare * 1000) / 10.0 + " %");
        }
        if (total.revoke() > maxRevokes) {
            return Optional.of("it would revoke " + total.revoke() + " group grants, more than " + maxRevokes);
        }
        String forbidden = preview.conflicts().entrySet().stream()
                .filter(c -> ConflictRule.PREVENT.equals(c.getValue().mode()) && c.getValue().created() > 0)
                .map(c -> c.getKey() + ": " + c.getValue().created()).collect(java.util.stream.Collectors.joining(", "));
        if (!forbidden.isEmpty()) {
            return Optional.of("it would give workers entitlements that separation-of-duties rules forbid together ("
                    + forbidden + ")");
        }
        return Optional.empty();
    }

    private static Map<String, Integer> counts(PolicyPreview preview) {
        Map<String, Integer> counts = new HashMap<>(preview.total().asMap());
        counts.put("identities", (int) preview.identities());
        counts.put("accounts", (int) preview.accounts());
        preview.conflicts().forEach((rule, c) -> counts.put("conflict:" + rule, (int) c.created()));
        return counts;
    }
}
