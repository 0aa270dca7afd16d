package io.provisioning.connector.runtime;

import io.provisioning.connector.spi.ConnectorAccount;
import io.provisioning.connector.spi.ConnectorFactory;
import io.provisioning.connector.spi.CreateOp;
import io.provisioning.connector.spi.GetOp;
import io.provisioning.connector.spi.TargetConfiguration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Connector type {@code broken}, for tests only: finds no account, and creating one throws an
 * {@link Error}, as a connector library that overflows its stack or fails to link would.
 */
public class BrokenConnectorFactory implements ConnectorFactory {

    /** The Error a broken connector throws. */
    public static final class ConnectorBroke extends Error {
        ConnectorBroke(String message) {
            super(message);
        }
    }

    @Override
    public String type() {
        return "broken";
    }

    @Override
    public io.provisioning.connector.spi.Connector create(TargetConfiguration configuration) {
        return new BrokenConnector(configuration.targetId());
    }

    private record BrokenConnector(String targetId) implements CreateOp, GetOp {

        @Override
        public Optional<ConnectorAccount> get(String accountId) {
            return Optional.empty();
        }

        @Override
        public void create(String accountId, Map<String, List<String>> attributes, boolean enabled) {
            throw new ConnectorBroke("the connector of " + targetId + " broke creating " + accountId);
        }

        @Override
        public void close() {
        }
    }
}
