package io.provisioning.connector.ldap;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Recently seen account DNs by account id, so that adding many accounts to a group does not
 * search each one again. Bounded (least recently used entries go first); entries are replaced on
 * rename and dropped on delete or when a search no longer finds the account.
 */
final class DnCache {

    private final Map<String, String> entries;

    DnCache(int capacity) {
        this.entries = new LinkedHashMap<>(1024, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
                return size() > capacity;
            }
        };
    }

    synchronized String get(String accountId) {
        return entries.get(accountId);
    }

    synchronized void put(String accountId, String dn) {
        entries.put(accountId, dn);
    }

    synchronized void remove(String accountId) {
        entries.remove(accountId);
    }
}
