package io.provisioning.connector.runtime;

import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import com.unboundid.ldap.listener.InMemoryDirectoryServerConfig;
import com.unboundid.ldap.listener.InMemoryListenerConfig;
import com.unboundid.ldap.sdk.Entry;
import java.net.InetAddress;
import java.net.URI;

/** An in-JVM directory started on a target's configured port when a test wants it up. */
final class StandInDirectory implements AutoCloseable {

    private final InMemoryDirectoryServer server;

    private StandInDirectory(InMemoryDirectoryServer server) {
        this.server = server;
    }

    static StandInDirectory startAt(String url, String password) throws Exception {
        InMemoryDirectoryServerConfig config = new InMemoryDirectoryServerConfig("dc=example,dc=com");
        config.addAdditionalBindCredentials("cn=admin,dc=example,dc=com", password);
        config.setSchema(null);
        config.setListenerConfigs(InMemoryListenerConfig.createLDAPConfig("ldap", InetAddress.getLoopbackAddress(),
                URI.create(url).getPort(), null));
        InMemoryDirectoryServer server = new InMemoryDirectoryServer(config);
        server.add(new Entry("dn: dc=example,dc=com", "objectClass: domain", "dc: example"));
        server.add(new Entry("dn: ou=people,dc=example,dc=com", "objectClass: organizationalUnit", "ou: people"));
        server.add(new Entry("dn: ou=groups,dc=example,dc=com", "objectClass: organizationalUnit", "ou: groups"));
        server.startListening();
        return new StandInDirectory(server);
    }

    boolean hasEntry(String dn) throws Exception {
        return server.getEntry(dn) != null;
    }

    @Override
    public void close() {
        server.shutDown(true);
    }
}
