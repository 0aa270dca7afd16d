package io.provisioning.connector.scim;

import io.provisioning.connector.spi.Connector;
import io.provisioning.connector.spi.ConnectorFactory;
import io.provisioning.connector.spi.TargetConfiguration;

/** Creates SCIM 2.0 connectors ({@code provisioning.targets.<id>.type=scim}). */
public final class ScimConnectorFactory implements ConnectorFactory {

    @Override
    public String type() {
        return "scim";
    }

    @Override
    public Connector create(TargetConfiguration configuration) {
        return new ScimConnector(ScimSettings.from(configuration));
    }
}
