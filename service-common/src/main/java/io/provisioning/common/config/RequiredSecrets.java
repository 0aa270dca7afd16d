package io.provisioning.common.config;

import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * A production start with a secret missing stops at once and names the key, before anything
 * connects: without this, a missing database password surfaced as endless authentication retries
 * and a missing Kafka password as "Login module not specified in JAAS config". The production
 * profile has no demo secret to fall back to; the local stack's live in the stack profile.
 */
@ApplicationScoped
public class RequiredSecrets {

    /** Before every other start-up observer, the messaging channels' included. */
    static final int FIRST = -1000;

    void check(@Observes @Priority(FIRST) StartupEvent event) {
        if (LaunchMode.current() != LaunchMode.NORMAL) {
            return; // tests and development bring their own
        }
        List<String> missing = missing(ConfigProvider.getConfig());
        if (!missing.isEmpty()) {
            throw new IllegalStateException("a production start needs its secrets; not set: " + String.join(", ", missing));
        }
    }

    static List<String> missing(Config config) {
        List<String> missing = new ArrayList<>();
        if (present(config, "quarkus.datasource.jdbc.url") && !present(config, "quarkus.datasource.password")) {
            missing.add("provisioning.database.password (PROVISIONING_DATABASE_PASSWORD, or QUARKUS_DATASOURCE_PASSWORD)");
        }
        boolean sasl = value(config, "kafka.security.protocol").map(p -> p.startsWith("SASL")).orElse(false);
        if (sasl && !present(config, "kafka.sasl.jaas.config")) {
            missing.add("provisioning.kafka.password (PROVISIONING_KAFKA_PASSWORD)");
        }
        return missing;
    }

    private static boolean present(Config config, String name) {
        return value(config, name).filter(v -> !v.isBlank()).isPresent();
    }

    /** A value whose expression names a key that is not set counts as not set. */
    private static Optional<String> value(Config config, String name) {
        try {
            return config.getOptionalValue(name, String.class);
        } catch (NoSuchElementException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
