package io.provisioning.connector.jdbc;

import io.provisioning.connector.spi.Connector;
import io.provisioning.connector.spi.ConnectorFactory;
import io.provisioning.connector.spi.TargetConfiguration;

/** Creates JDBC connectors ({@code provisioning.targets.<id>.type=jdbc}). */
public final class JdbcConnectorFactory implements ConnectorFactory {

    @Override
    public String type() {
        return "jdbc";
    }

    @Override
    public Connector create(TargetConfiguration configuration) {
        return new JdbcConnector(JdbcSettings.from(configuration));
    }
}
