package io.provisioning.contracts.policy;

import java.time.Instant;

/**
 * An HR event was not applied: the worker had already changed at a later time (among the events of
 * one worker, {@code time} decides, and equal times keep the order in which hr-ingest accepted
 * them), or it was a termination the burst guard held and an operator rejected. Published so that
 * an ignored event is never silent.
 *
 * @param workerId          the worker the event is about; never null
 * @param correlationId     the id of the ignored HR event; never null
 * @param eventType         its CloudEvents type, e.g. {@code hr.worker.updated}; never null
 * @param eventTime         its {@code time}; never null
 * @param lastAppliedId     the event whose change the worker carries; null for older data and for a
 *                          rejected termination
 * @param lastAppliedTime   that event's {@code time}; null for a rejected termination
 * @param reason            words safe to show; never a secret
 * @param actor             {@code policy-service}, or the operator who rejected the termination
 */
public record HrEventIgnored(String id, Instant time, String actor, String workerId, String correlationId, String eventType,
                             Instant eventTime, String lastAppliedId, Instant lastAppliedTime, String reason)
        implements PolicyChange {

    /** The reason given when an event is older than the worker's last applied change. */
    public static final String OLDER_THAN_LAST_CHANGE = "older than the last change applied to the worker";

    @Override
    public String key() {
        return workerId;
    }
}
