package io.provisioning.common.runtime;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntSupplier;
import org.jboss.logging.Logger;

/**
 * A daemon thread that repeats a round of work: at once again while rounds find work, after a
 * pause when one finds none (or as soon as {@link #wake} says there is work), after a longer pause
 * when one fails. For relays and schedulers that must keep going whatever a round meets.
 */
public final class BackgroundLoop {

    private static final Logger LOG = Logger.getLogger(BackgroundLoop.class);
    private static final Duration AFTER_FAILURE = Duration.ofSeconds(1);

    private final String name;
    private final IntSupplier round;
    private final Duration idle;
    private final AtomicBoolean running = new AtomicBoolean();
    /** Work announced by {@link #wake}: at most one permit, however many wakes came. */
    private final Semaphore work = new Semaphore(0);

    /**
     * @param round does one round and returns how much it did (0: nothing to do)
     * @param idle  the pause after a round that did nothing
     */
    public BackgroundLoop(String name, IntSupplier round, Duration idle) {
        this.name = name;
        this.round = round;
        this.idle = idle;
    }

    /** Starts the thread once; later calls do nothing. */
    public void start() {
        if (running.compareAndSet(false, true)) {
            Thread thread = new Thread(this::loop, name);
            thread.setDaemon(true);
            thread.start();
        }
    }

    public void stop() {
        running.set(false);
        wake();
    }

    /** Ends the current pause, if any: there is work for a round now. */
    public void wake() {
        if (work.availablePermits() == 0) {
            work.release();
        }
    }

    private void loop() {
        while (running.get()) {
            try {
                // the round sees all work announced before it starts; one announced during it
                // leaves a permit, and the pause after it ends at once
                work.drainPermits();
                if (round.getAsInt() == 0) {
                    work.tryAcquire(idle.toMillis(), TimeUnit.MILLISECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                LOG.warnf("%s: round failed (%s); retrying", name, e.getClass().getSimpleName());
                try {
                    // stopping ends the pause too
                    work.tryAcquire(AFTER_FAILURE.toMillis(), TimeUnit.MILLISECONDS);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }
}
