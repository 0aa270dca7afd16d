package io.provisioning.common.runtime;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

/**
 * A {@link java.lang.Error} that escapes a thread (an OutOfMemoryError in a target's worker, in a
 * Kafka client's network thread) ends the process. A service that lives on without the thread
 * reports itself ready while it silently stops working; a process that ends is restarted by its
 * orchestrator, and nothing is lost, because every consumer commits its offsets only after its work
 * is done. The JVMs also run with {@code -XX:+ExitOnOutOfMemoryError}, which covers an error caught
 * inside a library.
 */
@ApplicationScoped
public class FatalErrors {

    private static final Logger LOG = Logger.getLogger(FatalErrors.class);
    /** The exit status of a process ended by a fatal error (EX_SOFTWARE). */
    static final int EXIT_STATUS = 70;

    void install(@Observes StartupEvent started) {
        installHandler();
    }

    /** Makes an Error that escapes any thread end the process with {@value #EXIT_STATUS}. */
    static void installHandler() {
        Thread.UncaughtExceptionHandler previous = Thread.getDefaultUncaughtExceptionHandler();
        Thread.setDefaultUncaughtExceptionHandler((thread, failure) -> {
            if (failure instanceof Error) {
                try {
                    LOG.fatalf(failure, "thread %s died of %s; ending the process so that it is restarted",
                            thread.getName(), failure.getClass().getName());
                } finally {
                    // halt, not exit: shutdown hooks could wait for the very thread that died
                    Runtime.getRuntime().halt(EXIT_STATUS);
                }
            } else if (previous != null) {
                previous.uncaughtException(thread, failure);
            } else {
                LOG.errorf(failure, "thread %s ended by an uncaught %s", thread.getName(), failure.getClass().getName());
            }
        });
    }
}
