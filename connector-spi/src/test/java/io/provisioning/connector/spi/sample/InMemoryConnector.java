package io.provisioning.connector.spi.sample;

import io.provisioning.connector.spi.AlreadyExistsException;
import io.provisioning.connector.spi.AttributeDelta;
import io.provisioning.connector.spi.ConnectorAccount;
import io.provisioning.connector.spi.CreateOp;
import io.provisioning.connector.spi.DeleteOp;
import io.provisioning.connector.spi.EnableOp;
import io.provisioning.connector.spi.GetOp;
import io.provisioning.connector.spi.GroupMembershipOp;
import io.provisioning.connector.spi.ListOp;
import io.provisioning.connector.spi.TestOp;
import io.provisioning.connector.spi.UnknownAccountException;
import io.provisioning.connector.spi.UpdateDeltaOp;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The smallest complete connector: accounts and groups held in memory. It depends on nothing but
 * the SPI, and shows what a connector for a new kind of target implements; the contract suite runs
 * against it like against the LDAP, SCIM and JDBC connectors.
 */
public final class InMemoryConnector implements CreateOp, GetOp, UpdateDeltaOp, EnableOp, DeleteOp,
        GroupMembershipOp, ListOp, TestOp {

    private record Entry(Map<String, List<String>> attributes, boolean enabled) {
    }

    private final String targetId;
    private final TreeMap<String, Entry> accounts = new TreeMap<>();
    private final Map<String, Set<String>> members = new HashMap<>();

    public InMemoryConnector(String targetId) {
        this.targetId = targetId;
    }

    @Override
    public String targetId() {
        return targetId;
    }

    @Override
    public synchronized void create(String accountId, Map<String, List<String>> attributes, boolean enabled) {
        if (accounts.containsKey(accountId)) {
            throw new AlreadyExistsException(accountId + " exists", null);
        }
        accounts.put(accountId, new Entry(Map.copyOf(attributes), enabled));
    }

    @Override
    public synchronized Optional<ConnectorAccount> get(String accountId) {
        Entry entry = accounts.get(accountId);
        return entry == null ? Optional.empty() : Optional.of(read(accountId, entry));
    }

    @Override
    public synchronized void update(String accountId, AttributeDelta delta) {
        Entry entry = existing(accountId);
        Map<String, List<String>> attributes = new HashMap<>(entry.attributes());
        attributes.putAll(delta.replace());
        delta.remove().forEach(attributes::remove);
        accounts.put(accountId, new Entry(Map.copyOf(attributes), entry.enabled()));
    }

    @Override
    public synchronized void setEnabled(String accountId, boolean enabled) {
        accounts.put(accountId, new Entry(existing(accountId).attributes(), enabled));
    }

    @Override
    public synchronized void delete(String accountId) {
        existing(accountId);
        accounts.remove(accountId);
        members.values().forEach(group -> group.remove(accountId));
    }

    @Override
    public synchronized void addMembers(String group, Collection<String> accountIds) {
        accountIds.forEach(this::existing);
        members.computeIfAbsent(group, name -> new HashSet<>()).addAll(accountIds);
    }

    @Override
    public synchronized void removeMembers(String group, Collection<String> accountIds) {
        Set<String> current = members.get(group);
        if (current != null) {
            current.removeAll(accountIds);
        }
    }

    /** The cursor is the last account id of the page before: accounts are listed in id order. */
    @Override
    public synchronized Page list(String cursor, int pageSize) {
        Map<String, Entry> rest = cursor == null ? accounts : accounts.tailMap(cursor, false);
        List<ConnectorAccount> page = new ArrayList<>();
        for (Map.Entry<String, Entry> entry : rest.entrySet()) {
            if (page.size() == pageSize) {
                return new Page(page, Optional.of(page.get(page.size() - 1).accountId()));
            }
            page.add(read(entry.getKey(), entry.getValue()));
        }
        return new Page(page, Optional.empty());
    }

    @Override
    public void test() {
        // always reachable
    }

    @Override
    public void close() {
        // nothing held open
    }

    private Entry existing(String accountId) {
        Entry entry = accounts.get(accountId);
        if (entry == null) {
            throw new UnknownAccountException("no account " + accountId, null);
        }
        return entry;
    }

    private ConnectorAccount read(String accountId, Entry entry) {
        Set<String> groups = new HashSet<>();
        members.forEach((group, ids) -> {
            if (ids.contains(accountId)) {
                groups.add(group);
            }
        });
        return new ConnectorAccount(accountId, accountId, entry.enabled(), entry.attributes(), groups);
    }
}
