package io.provisioning.console.config;

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
 * A production start without the console's secrets stops at once and names them. Without this
 * check the console would start, and the first sign-in would fail at Keycloak, or sessions would be
 * sealed with a key derived from nothing the operator chose.
 */
@ApplicationScoped
public class ConsoleSecrets {

    static final int MIN_SESSION_SECRET = 32;

    void check(@Observes @Priority(-1000) StartupEvent event) {
        if (LaunchMode.current() != LaunchMode.NORMAL) {
            return;
        }
        List<String> missing = missing(ConfigProvider.getConfig());
        if (!missing.isEmpty()) {
            throw new IllegalStateException("a production start needs its secrets; not set: " + String.join(", ", missing));
        }
    }

    static List<String> missing(Config config) {
        List<String> missing = new ArrayList<>();
        if (value(config, "quarkus.oidc.credentials.secret").filter(v -> !v.isBlank()).isEmpty()) {
            missing.add("provisioning.console.client-secret (QUARKUS_OIDC_CREDENTIALS_SECRET)");
        }
        if (value(config, "provisioning.console.session-secret").filter(v -> v.length() >= MIN_SESSION_SECRET).isEmpty()) {
            missing.add("provisioning.console.session-secret (PROVISIONING_CONSOLE_SESSION_SECRET, at least "
                    + MIN_SESSION_SECRET + " characters)");
        }
        return missing;
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
