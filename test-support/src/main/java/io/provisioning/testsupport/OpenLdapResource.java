package io.provisioning.testsupport;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * Points the target {@code corp-ldap} of a {@code @QuarkusTest} at the JVM's {@link OpenLdapServer}.
 */
public class OpenLdapResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        OpenLdapServer server = OpenLdapServer.get();
        return Map.of(
                "provisioning.targets.corp-ldap.url", server.url(),
                "provisioning.targets.corp-ldap.bind-dn", OpenLdapServer.ADMIN_DN,
                "provisioning.targets.corp-ldap.bind-password", OpenLdapServer.ADMIN_PASSWORD,
                "provisioning.targets.corp-ldap.people-dn", OpenLdapServer.PEOPLE_DN,
                "provisioning.targets.corp-ldap.groups-dn", OpenLdapServer.GROUPS_DN,
                "provisioning.targets.corp-ldap.group-placeholder-member", OpenLdapServer.PLACEHOLDER_DN);
    }

    @Override
    public void stop() {
        // the server lives as long as the JVM: every test class of it shares it
    }
}
