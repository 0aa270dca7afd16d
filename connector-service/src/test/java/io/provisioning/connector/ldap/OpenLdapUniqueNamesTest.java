package io.provisioning.connector.ldap;

import io.provisioning.connector.spi.Connector;
import io.provisioning.connector.spi.ConnectorContractTest;
import io.provisioning.connector.spi.TargetConfiguration;
import io.provisioning.testsupport.OpenLdapServer;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The connector contract against real OpenLDAP with groupOfUniqueNames groups, whose members the
 * connector finds by searching the groups (no memberOf on the entries).
 */
class OpenLdapUniqueNamesTest extends ConnectorContractTest {

    @Override
    protected Connector newConnector() {
        Map<String, String> settings = OpenLdapConnectorTest.settings(OpenLdapServer.get());
        settings.put("group-object-class", "groupOfUniqueNames");
        settings.remove("member-of-attribute");
        return new LdapConnectorFactory().create(new TargetConfiguration("corp-ldap", "ldap", settings));
    }

    @Override
    protected Optional<Map<String, List<String>>> refusedAttribute() {
        return Optional.of(Map.of("mail", List.of("zoë@example.com")));
    }
}
