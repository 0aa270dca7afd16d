package io.provisioning.common.time;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The one clock every service reads time from, so that tests move time instead of waiting.
 * {@code provisioning.clock.offset} (tests only) shifts it by a fixed duration.
 */
@ApplicationScoped
public class ClockProducer {

    @ConfigProperty(name = "provisioning.clock.offset")
    Optional<Duration> offset;

    @Produces
    @ApplicationScoped
    Clock clock() {
        Clock utc = Clock.systemUTC();
        return offset.map(o -> Clock.offset(utc, o)).orElse(utc);
    }
}
