package io.provisioning.contracts.policy;

import java.time.Instant;

/**
 * The policy could not be evaluated for a worker (a template that cannot render, an unknown
 * manager): the event was not dropped, the identity carries the same reason.
 *
 * @param correlationId the HR event or scheduled action that was being evaluated
 * @param reason        words safe to show; never a secret
 * @param provisioned   whether provisioning went ahead anyway (e.g. without the manager attribute)
 */
public record PolicyEvaluationFailed(String id, Instant time, String actor, String workerId, String correlationId,
                                     String reason, boolean provisioned) implements PolicyChange {

    @Override
    public String key() {
        return workerId;
    }
}
