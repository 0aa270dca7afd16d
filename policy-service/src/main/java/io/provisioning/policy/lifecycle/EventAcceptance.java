package io.provisioning.policy.lifecycle;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * When hr-ingest accepted each HR event being applied on this thread (its record time on
 * {@code hr.events}), so that the commands they cause carry the start of the end-to-end latency
 * without every lifecycle step passing it along.
 */
public final class EventAcceptance {

    private static final ThreadLocal<Map<String, Instant>> ACCEPTED = ThreadLocal.withInitial(Map::of);

    private EventAcceptance() {
    }

    /** Runs the work knowing when each event (by id) was accepted. */
    public static <T> T during(Map<String, Instant> acceptedById, Callable<T> work) throws Exception {
        ACCEPTED.set(Map.copyOf(acceptedById));
        try {
            return work.call();
        } finally {
            ACCEPTED.remove();
        }
    }

    /** When the event with this id was accepted; null if it is not an HR event being applied here. */
    public static Instant of(String eventId) {
        return eventId == null ? null : ACCEPTED.get().get(eventId);
    }
}
