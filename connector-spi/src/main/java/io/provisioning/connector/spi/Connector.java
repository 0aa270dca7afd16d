package io.provisioning.connector.spi;

/**
 * One configured instance of a connector, bound to one target system. A connector declares what
 * it can do by the operation interfaces it implements ({@link CreateOp}, {@link UpdateDeltaOp},
 * …); the runtime checks them before it relies on one.
 *
 * <p>Lifecycle: created by its {@link ConnectorFactory} when the service starts, used by many
 * threads at once (implementations must be thread-safe), {@link #close() closed} once when the
 * service stops.
 */
public interface Connector extends AutoCloseable {

    /** The id of the target this instance serves; never null. */
    String targetId();

    /** Releases connections and threads; never throws. */
    @Override
    void close();
}
