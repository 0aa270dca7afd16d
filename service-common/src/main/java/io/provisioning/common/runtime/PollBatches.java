package io.provisioning.common.runtime;

import java.util.List;
import org.jboss.logging.Logger;

/**
 * The shape of every batch consumer: a poll's items applied together (one transaction, a few
 * statements), and, when that fails for a reason waiting cannot cure, each item on its own, in
 * order, so that the one item at fault is dealt with alone (kept with its reason, passed over)
 * while the others go through. Waiting out the database's absence is the {@link Retry}'s job, on
 * both paths.
 */
public final class PollBatches {

    private static final Logger LOG = Logger.getLogger(PollBatches.class);

    /** What is done with one item alone. */
    @FunctionalInterface
    public interface OneByOne<T> {
        void apply(T item) throws InterruptedException;
    }

    private PollBatches() {
    }

    /**
     * @param what     the items, for the log ("12 outcomes")
     * @param together applies every item at once; a failure it throws sends the items one by one
     * @return true if they were applied together, false if one by one
     * @throws InterruptedException if the thread is interrupted while either path waits
     */
    public static <T> boolean togetherOrOneByOne(List<T> items, String what, Retry retry, Runnable together,
            OneByOne<T> oneByOne) throws InterruptedException {
        try {
            retry.run("apply " + what, together);
            return true;
        } catch (RuntimeException e) {
            LOG.debugf("%s failed together (%s); applying them one by one", what, e.getClass().getSimpleName());
        }
        for (T item : items) {
            oneByOne.apply(item);
        }
        return false;
    }
}
