package io.provisioning.contracts.policy;

import java.time.Instant;
import java.util.Map;

/**
 * A policy version became active.
 *
 * @param version  the new version number
 * @param digest   SHA-256 of the stored document
 * @param counts   summary of the commands the activation caused (e.g. {@code create}, {@code disable})
 */
public record PolicyActivated(String id, Instant time, String actor, long version, String comment, String digest,
                              Map<String, Integer> counts) implements PolicyChange {

    @Override
    public String key() {
        return "policy";
    }
}
