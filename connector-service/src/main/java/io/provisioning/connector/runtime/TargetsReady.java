package io.provisioning.connector.runtime;

/** Fired once, when every configured target's connector is built and the schema is ready: the workers start. */
public record TargetsReady() {
}
