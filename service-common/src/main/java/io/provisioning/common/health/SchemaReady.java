package io.provisioning.common.health;

/**
 * Fired (asynchronously) once the service's schema is current, for work that must wait for the
 * database, such as resuming what a crash interrupted.
 */
public record SchemaReady() {
}
