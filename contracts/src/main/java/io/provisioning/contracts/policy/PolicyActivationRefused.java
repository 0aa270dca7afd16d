package io.provisioning.contracts.policy;

import java.time.Instant;
import java.util.Map;

/**
 * An activation was refused because it crossed the mass-change threshold without confirmation.
 *
 * @param digest the preview digest that would confirm it
 * @param reason why, in words safe to show
 */
public record PolicyActivationRefused(String id, Instant time, String actor, String digest, String reason,
                                      Map<String, Integer> counts) implements PolicyChange {

    @Override
    public String key() {
        return "policy";
    }
}
