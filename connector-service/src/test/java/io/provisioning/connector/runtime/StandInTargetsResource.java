package io.provisioning.connector.runtime;

import io.provisioning.testsupport.OpenLdapServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.HashMap;
import java.util.Map;

/**
 * Two more LDAP targets that are down when the service starts: {@code retry-ldap} (many attempts,
 * to see a retry succeed) and {@code down-ldap} (two attempts, to see a dead letter). Each points at
 * a port where nothing listens until a test starts an in-JVM directory there.
 */
public class StandInTargetsResource implements QuarkusTestResourceLifecycleManager {

    public static final String RETRY_PASSWORD = "Retry-s3cret-Pa55";
    public static final String DOWN_PASSWORD = "Down-s3cret-Pa55";

    @Override
    public Map<String, String> start() {
        Map<String, String> properties = new HashMap<>();
        target(properties, "retry-ldap", RETRY_PASSWORD, "20", "200", "400");
        target(properties, "down-ldap", DOWN_PASSWORD, "2", "100", "100");
        properties.put("provisioning.connector.health-interval", "PT1S");
        return properties;
    }

    private static void target(Map<String, String> properties, String id, String password, String attempts,
            String initialBackoff, String maxBackoff) {
        String prefix = "provisioning.targets." + id + ".";
        properties.put(prefix + "type", "ldap");
        properties.put(prefix + "url", "ldap://127.0.0.1:" + OpenLdapServer.freePort());
        properties.put(prefix + "bind-dn", "cn=admin,dc=example,dc=com");
        properties.put(prefix + "bind-password", password);
        properties.put(prefix + "people-dn", "ou=people,dc=example,dc=com");
        properties.put(prefix + "groups-dn", "ou=groups,dc=example,dc=com");
        properties.put(prefix + "max-attempts", attempts);
        properties.put(prefix + "backoff-initial-ms", initialBackoff);
        properties.put(prefix + "backoff-max-ms", maxBackoff);
        properties.put(prefix + "circuit-failure-threshold", "100");
        properties.put(prefix + "connect-timeout-ms", "500");
        properties.put(prefix + "concurrency", "2");
        properties.put(prefix + "managed-groups", "all-staff,engineering,sales");
    }

    @Override
    public void stop() {
    }
}
