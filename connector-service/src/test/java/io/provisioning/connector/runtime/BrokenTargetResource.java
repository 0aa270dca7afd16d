package io.provisioning.connector.runtime;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/** A target {@code broken-target} whose connector throws an Error on its first create. */
public class BrokenTargetResource implements QuarkusTestResourceLifecycleManager {

    public static final String TARGET = "broken-target";

    @Override
    public Map<String, String> start() {
        return Map.of("provisioning.targets." + TARGET + ".type", "broken",
                "provisioning.targets." + TARGET + ".max-attempts", "2");
    }

    @Override
    public void stop() {
    }
}
