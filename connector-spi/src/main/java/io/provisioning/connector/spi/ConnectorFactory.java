package io.provisioning.connector.spi;

/**
 * Creates connector instances of one type from configuration. Factories are found with
 * {@link java.util.ServiceLoader} ({@code META-INF/services/io.provisioning.connector.spi.ConnectorFactory}).
 *
 * <p>Lifecycle: the runtime calls {@link #create} once per configured target of this
 * {@link #type()} at start-up and closes the instance at shutdown. {@code create} must not fail
 * because the target is unreachable (that is reported by health and retried per command); it
 * fails only for configuration that can never work.
 */
public interface ConnectorFactory {

    /** The value of {@code provisioning.targets.<id>.type} this factory serves, e.g. {@code ldap}. */
    String type();

    /**
     * @throws IllegalArgumentException naming the key if the configuration is incomplete or invalid
     */
    Connector create(TargetConfiguration configuration);
}
