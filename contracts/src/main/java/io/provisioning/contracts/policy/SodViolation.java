package io.provisioning.contracts.policy;

import java.time.Instant;
import java.util.List;

/**
 * A separation-of-duties rule met a change: an access request that would give a worker two
 * entitlements the rule forbids together was refused or sent to an extra approval stage; or a
 * worker's desired state started ({@code detected}) or stopped ({@code resolved}) breaking a rule.
 *
 * @param workerId      the worker who would hold the conflicting entitlements; never null
 * @param correlationId what the change was (the access request's id, the HR event, the policy rollout); may
 *                      be null for a request refused before it existed
 * @param ruleId        the rule; never null
 * @param mode          {@code prevent} or {@code detect}; null for resolved
 * @param entitlements  the rule's entitlements the worker holds or would hold ([target, group]); empty for resolved
 * @param outcome       {@code refused}, {@code extra-stage}, {@code detected} or {@code resolved}
 * @param detail        words safe to show
 */
public record SodViolation(String id, Instant time, String actor, String workerId, String correlationId,
                           String ruleId, String mode, List<List<String>> entitlements, String outcome,
                           String detail) implements PolicyChange {

    @Override
    public String key() {
        return workerId;
    }
}
