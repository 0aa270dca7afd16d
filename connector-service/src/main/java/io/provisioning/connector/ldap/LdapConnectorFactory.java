package io.provisioning.connector.ldap;

import io.provisioning.connector.spi.Connector;
import io.provisioning.connector.spi.ConnectorFactory;
import io.provisioning.connector.spi.TargetConfiguration;

/** Creates LDAP / Active Directory connectors ({@code provisioning.targets.<id>.type=ldap}). */
public final class LdapConnectorFactory implements ConnectorFactory {

    @Override
    public String type() {
        return "ldap";
    }

    @Override
    public Connector create(TargetConfiguration configuration) {
        return new LdapConnector(LdapSettings.from(configuration));
    }
}
