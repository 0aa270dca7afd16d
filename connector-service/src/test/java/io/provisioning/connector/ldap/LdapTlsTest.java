package io.provisioning.connector.ldap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import com.unboundid.ldap.listener.InMemoryDirectoryServerConfig;
import com.unboundid.ldap.listener.InMemoryListenerConfig;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.util.ObjectPair;
import com.unboundid.util.ssl.KeyStoreKeyManager;
import com.unboundid.util.ssl.SSLUtil;
import com.unboundid.ldap.listener.SelfSignedCertificateGenerator;
import io.provisioning.connector.spi.ConnectionFailedException;
import io.provisioning.connector.spi.Connector;
import io.provisioning.connector.spi.CreateOp;
import io.provisioning.connector.spi.GetOp;
import io.provisioning.connector.spi.TargetConfiguration;
import io.provisioning.connector.spi.TestOp;
import java.io.File;
import java.net.InetAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The connector over LDAPS and over StartTLS, and refusing a certificate it does not trust. */
class LdapTlsTest {

    private static InMemoryDirectoryServer directory;

    @BeforeAll
    static void startDirectoryWithTls() throws Exception {
        ObjectPair<File, char[]> keyStore = SelfSignedCertificateGenerator.generateTemporarySelfSignedCertificate(
                "LdapTlsTest", "JKS");
        SSLUtil serverSsl = new SSLUtil(new KeyStoreKeyManager(keyStore.getFirst(), keyStore.getSecond(), "JKS", null), null);
        InMemoryDirectoryServerConfig config = new InMemoryDirectoryServerConfig("dc=example,dc=com");
        config.addAdditionalBindCredentials("cn=admin,dc=example,dc=com", "Tls-s3cret");
        config.setSchema(null);
        InetAddress loopback = InetAddress.getLoopbackAddress();
        config.setListenerConfigs(
                InMemoryListenerConfig.createLDAPSConfig("ldaps", loopback, 0, serverSsl.createSSLServerSocketFactory(), null),
                InMemoryListenerConfig.createLDAPConfig("starttls", loopback, 0, serverSsl.createSSLSocketFactory()));
        directory = new InMemoryDirectoryServer(config);
        directory.add(new Entry("dn: dc=example,dc=com", "objectClass: domain", "dc: example"));
        directory.add(new Entry("dn: ou=people,dc=example,dc=com", "objectClass: organizationalUnit", "ou: people"));
        directory.add(new Entry("dn: ou=groups,dc=example,dc=com", "objectClass: organizationalUnit", "ou: groups"));
        directory.startListening();
    }

    @AfterAll
    static void stop() {
        directory.shutDown(true);
    }

    @Test
    void accountsAreWrittenOverLdaps() {
        try (Connector connector = connector("ldaps://127.0.0.1:" + directory.getListenPort("ldaps"), false, true)) {
            ((CreateOp) connector).create("tls1", Map.of("cn", List.of("T One"), "sn", List.of("One")), true);
            assertThat(((GetOp) connector).get("tls1")).isPresent();
        }
    }

    @Test
    void accountsAreWrittenAfterStartTls() {
        try (Connector connector = connector("ldap://127.0.0.1:" + directory.getListenPort("starttls"), true, true)) {
            ((CreateOp) connector).create("tls2", Map.of("cn", List.of("T Two"), "sn", List.of("Two")), true);
            assertThat(((GetOp) connector).get("tls2")).isPresent();
        }
    }

    @Test
    void aCertificateTheJvmDoesNotTrustIsRefused() {
        try (Connector connector = connector("ldaps://127.0.0.1:" + directory.getListenPort("ldaps"), false, false)) {
            assertThatThrownBy(() -> ((TestOp) connector).test()).isInstanceOf(ConnectionFailedException.class);
        }
    }

    private static Connector connector(String url, boolean startTls, boolean trustAll) {
        Map<String, String> settings = new HashMap<>();
        settings.put("url", url);
        settings.put("start-tls", Boolean.toString(startTls));
        settings.put("trust-all-certificates", Boolean.toString(trustAll));
        settings.put("bind-dn", "cn=admin,dc=example,dc=com");
        settings.put("bind-password", "Tls-s3cret");
        settings.put("people-dn", "ou=people,dc=example,dc=com");
        settings.put("groups-dn", "ou=groups,dc=example,dc=com");
        return new LdapConnectorFactory().create(new TargetConfiguration("tls-ldap", "ldap", settings));
    }
}
