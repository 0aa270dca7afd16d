package io.provisioning.connector.ldap;

import static org.assertj.core.api.Assertions.assertThat;

import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import com.unboundid.ldap.listener.InMemoryDirectoryServerConfig;
import com.unboundid.ldap.listener.InMemoryListenerConfig;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.LDAPException;
import io.provisioning.connector.spi.Connector;
import io.provisioning.connector.spi.ConnectorContractTest;
import io.provisioning.connector.spi.CreateOp;
import io.provisioning.connector.spi.EnableOp;
import io.provisioning.connector.spi.TargetConfiguration;
import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The connector contract in its Active Directory flavour (sAMAccountName, userPrincipalName,
 * userAccountControl, entries named by cn, AD groups), against an in-JVM UnboundID directory
 * without schema checking, as no real Active Directory runs here.
 */
class ActiveDirectoryFlavourTest extends ConnectorContractTest {

    private static final String BASE = "dc=corp,dc=example,dc=com";
    private static InMemoryDirectoryServer directory;

    @BeforeAll
    static void startDirectory() throws Exception {
        InMemoryDirectoryServerConfig config = new InMemoryDirectoryServerConfig(BASE);
        config.addAdditionalBindCredentials("CN=Administrator," + BASE, "Ad-s3cret");
        config.setSchema(null);
        config.setListenerConfigs(InMemoryListenerConfig.createLDAPConfig("ldap", InetAddress.getLoopbackAddress(), 0, null));
        directory = new InMemoryDirectoryServer(config);
        directory.add(new Entry("dn: " + BASE, "objectClass: domain", "dc: corp"));
        directory.add(new Entry("dn: OU=Staff," + BASE, "objectClass: organizationalUnit", "ou: Staff"));
        directory.add(new Entry("dn: OU=Groups," + BASE, "objectClass: organizationalUnit", "ou: Groups"));
        directory.startListening();
    }

    @AfterAll
    static void stopDirectory() {
        directory.shutDown(true);
    }

    @Override
    protected Connector newConnector() {
        return new LdapConnectorFactory().create(new TargetConfiguration("corp-ad", "ldap", Map.of(
                "url", "ldap://127.0.0.1:" + directory.getListenPort(),
                "flavour", "active-directory",
                "bind-dn", "CN=Administrator," + BASE,
                "bind-password", "Ad-s3cret",
                "people-dn", "OU=Staff," + BASE,
                "groups-dn", "OU=Groups," + BASE,
                "upn-suffix", "corp.example.com")));
    }

    /** Entries are named by cn here, so each account gets a cn of its own. */
    @Override
    protected Map<String, List<String>> attributesOf(String givenName, String familyName) {
        Map<String, List<String>> attributes = new java.util.HashMap<>(super.attributesOf(givenName, familyName));
        attributes.put("cn", List.of(givenName + " " + familyName + " " + COUNTER.incrementAndGet()));
        return attributes;
    }

    private static final java.util.concurrent.atomic.AtomicInteger COUNTER = new java.util.concurrent.atomic.AtomicInteger();

    @Override
    protected Optional<Map<String, List<String>>> refusedAttribute() {
        return Optional.empty(); // no schema checking in the in-JVM directory
    }

    @Test
    void accountsCarryTheActiveDirectoryNamesAndTheDisableBit() throws LDAPException {
        String id = newAccountId();
        op(CreateOp.class).create(id, attributesOf("Katherine", "Johnson"), true);

        String dn = op(io.provisioning.connector.spi.GetOp.class).get(id).orElseThrow().reference();
        assertThat(dn).startsWith("cn=Katherine Johnson ").endsWith(",OU=Staff," + BASE);
        Entry created = directory.getEntry(dn);
        assertThat(created.getAttributeValue("sAMAccountName")).isEqualTo(id);
        assertThat(created.getAttributeValue("userPrincipalName")).isEqualTo(id + "@corp.example.com");
        assertThat(created.getAttributeValueAsInteger("userAccountControl")).isEqualTo(512);
        assertThat(created.getAttributeValues("objectClass")).contains("user");

        op(EnableOp.class).setEnabled(id, false);
        assertThat(directory.getEntry(created.getDN()).getAttributeValueAsInteger("userAccountControl")).isEqualTo(514);
    }
}
