package io.provisioning.contracts.policy;

import java.time.Instant;

/**
 * An operator acted on the pipeline: retried a dead letter, started a reconciliation, and so on.
 *
 * @param action   e.g. {@code dead-letter.retry}, {@code reconciliation.start}
 * @param targetId the target concerned, if any
 * @param subject  what was acted on (a command id, a run id)
 * @param detail   words safe to show; never a secret
 */
public record OperatorAction(String id, Instant time, String actor, String action, String targetId,
                             String subject, String detail) implements PolicyChange {

    @Override
    public String key() {
        return targetId != null ? targetId : action;
    }
}
