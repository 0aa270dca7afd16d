package io.provisioning.contracts.policy;

import java.time.Instant;

/**
 * An {@code hr.worker.terminated} event was held, not applied: it arrived while terminations were
 * coming faster than the termination-burst guard allows. It waits, with the others of its hold,
 * until an operator approves (it is applied then) or rejects the hold (it is ignored, with an
 * {@code hr.event-ignored} record).
 *
 * @param workerId      the worker the event is about; never null
 * @param correlationId the id of the held HR event; never null
 * @param eventTime     its {@code time}; never null
 * @param holdId        the hold it waits in; never null
 */
public record TerminationHeld(String id, Instant time, String actor, String workerId, String correlationId,
                              Instant eventTime, String holdId) implements PolicyChange {

    @Override
    public String key() {
        return workerId;
    }
}
