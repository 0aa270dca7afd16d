package io.provisioning.common.time;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The one clock every service reads time from, so that tests move time instead of waiting.
 * {@code provisioning.clock.offset} shifts it by a fixed duration; with
 * {@code provisioning.clock.controllable=true} (the local stack and system tests only) an operator
 * can move it forward at run time ({@link ClockResource}).
 */
@ApplicationScoped
public class ClockProducer {

    @ConfigProperty(name = "provisioning.clock.offset")
    Optional<Duration> offset;

    @Produces
    @ApplicationScoped
    ShiftableClock clock() {
        return new ShiftableClock(Clock.systemUTC(), offset.orElse(Duration.ZERO));
    }
}
