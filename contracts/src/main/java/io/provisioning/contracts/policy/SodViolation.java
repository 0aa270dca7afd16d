package io.provisioning.contracts.policy;

import java.time.Instant;
import java.util.List;

/**
 * A separation-of-duties rule met a change that would break it: an access request that would give
 * a worker two entitlements the rule forbids together was refused, or sent to an extra approval stage.
 *
 * @param workerId      the worker who would hold the conflicting entitlements; never null
 * @param correlationId what the change was (the access request's id); may be null when refused before one existed
 * @param ruleId        the rule; never null
 * @param mode          {@code prevent} or {@code detect}
 * @param entitlements  the rule's entitlements the worker would hold ([target, group]), two at least
 * @param outcome       {@code refused} or {@code extra-stage}
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
