package io.provisioning.connector.ldap;

import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPConnectionPool;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.LDAPResult;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import com.unboundid.ldap.sdk.ModifyRequest;
import com.unboundid.ldap.sdk.RDN;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.SearchRequest;
import com.unboundid.ldap.sdk.SearchResult;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SearchScope;
import com.unboundid.ldap.sdk.controls.AssertionRequestControl;
import com.unboundid.ldap.sdk.controls.PermissiveModifyRequestControl;
import com.unboundid.ldap.sdk.controls.PreReadRequestControl;
import com.unboundid.ldap.sdk.controls.PreReadResponseControl;
import io.provisioning.connector.spi.AlreadyExistsException;
import io.provisioning.connector.spi.AttributeDelta;
import io.provisioning.connector.spi.ConnectorAccount;
import io.provisioning.connector.spi.ControlledAttributes;
import io.provisioning.connector.spi.CreateOp;
import io.provisioning.connector.spi.DeleteOp;
import io.provisioning.connector.spi.EnableOp;
import io.provisioning.connector.spi.GetOp;
import io.provisioning.connector.spi.GroupMembershipOp;
import io.provisioning.connector.spi.ListOp;
import io.provisioning.connector.spi.RequestSaving;
import io.provisioning.connector.spi.PermanentException;
import io.provisioning.connector.spi.RetryableException;
import io.provisioning.connector.spi.TestOp;
import io.provisioning.connector.spi.UnknownAccountException;
import io.provisioning.connector.spi.UpdateDeltaOp;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * Accounts as directory entries under {@code people-dn}, groups as groupOfNames,
 * groupOfUniqueNames or AD groups under {@code groups-dn}, named by their {@code cn}.
 */
final class LdapConnector implements CreateOp, UpdateDeltaOp, EnableOp, DeleteOp, GetOp,
        GroupMembershipOp, ListOp, TestOp, ControlledAttributes, RequestSaving {

    private static final Logger LOG = Logger.getLogger(LdapConnector.class);
    private static final String OBJECT_CLASS = "objectClass";
    /** Credentials, account state and membership of OpenLDAP (ppolicy) and Active Directory. */
    private static final Set<String> CONTROLLED = Set.of("userpassword", "unicodepwd", "useraccountcontrol",
            "pwdaccountlockedtime", "pwdpolicysubentry", "memberof", "ismemberof", "objectclass", "nsaccountlock",
            "member", "uniquemember", "samaccountname", "ntpwdhistory", "lmpwdhistory", "supplementalcredentials");
    /** ppolicy's own operational attributes (pwdReset, pwdChangedTime, ...). */
    private static final String PASSWORD_POLICY_PREFIX = "pwd";

    private final LdapSettings settings;
    private final LdapConnections connections;
    private static final int MAX_REMEMBERED_VERDICTS = 1_000;

    private final DnCache dns = new DnCache(100_000);
    private final Map<String, Boolean> controlledVerdicts = new java.util.concurrent.ConcurrentHashMap<>();
    private final PagedListings listings;
    /** Set once the directory refused the pre-read or assertion control: leavers are then read first. */
    private volatile boolean noDisableInOneRequest;

    LdapConnector(LdapSettings settings) {
        this.settings = settings;
        this.connections = new LdapConnections(settings);
        this.listings = new PagedListings(connections, settings, this::toAccount);
    }

    @Override
    public boolean controls(String attribute) {
        Boolean known = controlledVerdicts.get(attribute);
        if (known != null) {
            return known; // every command of a policy carries the same few names
        }
        boolean controlled = isControlled(attribute);
        if (controlledVerdicts.size() < MAX_REMEMBERED_VERDICTS) {
            controlledVerdicts.put(attribute, controlled);
        }
        return controlled;
    }

    private boolean isControlled(String attribute) {
        String name = settings.directoryAttribute(attribute);
        int options = name.indexOf(';');
        name = (options < 0 ? name : name.substring(0, options)).toLowerCase(Locale.ROOT);
        // a naming attribute other than the account id (cn in AD) may change: the entry is renamed by modDN
        return CONTROLLED.contains(name) || name.startsWith(PASSWORD_POLICY_PREFIX)
                || name.equalsIgnoreCase(settings.accountIdAttribute())
                || name.equalsIgnoreCase(settings.disableStrategy().attribute())
                || name.equalsIgnoreCase(settings.memberAttribute())
                || (settings.memberOfAttribute() != null && name.equalsIgnoreCase(settings.memberOfAttribute()));
    }

    @Override
    public String targetId() {
        return settings.targetId();
    }

    @Override
    public void test() {
        connections.run("test connection", pool -> pool.getRootDSE());
    }

    @Override
    public Optional<ConnectorAccount> get(String accountId) {
        return find(accountId).map(this::toAccount);
    }

    @Override
    public void create(String accountId, Map<String, List<String>> attributes, boolean enabled) {
        if (!settings.namingAttribute().equalsIgnoreCase(settings.accountIdAttribute()) && find(accountId).isPresent()) {
            // The DN does not carry the account id, so the directory cannot refuse a second one by itself.
            throw new AlreadyExistsException("an account " + settings.accountIdAttribute() + "=" + accountId
                    + " already exists under " + settings.peopleDn(), null);
        }
        Entry entry = new Entry(accountDn(accountId, attributes));
        entry.addAttribute(OBJECT_CLASS, settings.accountObjectClasses());
        attributes.forEach((name, values) -> {
            if (!values.isEmpty()) {
                entry.addAttribute(settings.directoryAttribute(name), values);
            }
        });
        entry.setAttribute(settings.accountIdAttribute(), accountId);
        List<String> stateValues = settings.disableStrategy().initialValues(enabled);
        if (!stateValues.isEmpty()) {
            entry.setAttribute(settings.disableStrategy().attribute(), stateValues);
        }
        if (settings.upnSuffix() != null) {
            entry.setAttribute("userPrincipalName", accountId + "@" + settings.upnSuffix());
        }
        connections.run("add " + entry.getDN(), pool -> pool.add(entry));
        dns.put(accountId, entry.getDN());
    }

    @Override
    public void update(String accountId, AttributeDelta delta) {
        update(accountId, require(accountId).getDN(), delta);
    }

    /** Changes the entry at the DN it was just read from, without searching it again. */
    @Override
    public void update(ConnectorAccount read, AttributeDelta delta) {
        try {
            update(read.accountId(), read.reference(), delta);
        } catch (UnknownAccountException movedSinceRead) {
            update(read.accountId(), delta);
        }
    }

    private void update(String accountId, String dn, AttributeDelta delta) {
        String current = renameIfNamingValueChanges(accountId, dn, delta);
        List<Modification> modifications = new ArrayList<>();
        delta.replace().forEach((name, values) -> modifications.add(new Modification(
                ModificationType.REPLACE, settings.directoryAttribute(name), values.toArray(String[]::new))));
        // permissive: removing an attribute the entry no longer has is no error
        delta.remove().forEach(name -> modifications.add(
                new Modification(ModificationType.DELETE, settings.directoryAttribute(name))));
        if (!modifications.isEmpty()) {
            connections.run("modify " + current, pool -> pool.modify(permissive(current, modifications)));
        }
    }

    @Override
    public void setEnabled(String accountId, boolean enabled) {
        Entry entry = require(accountId);
        if (settings.disableStrategy().isEnabled(entry) != enabled) {
            Modification change = settings.disableStrategy().change(entry, enabled);
            connections.run("modify " + entry.getDN(), pool -> pool.modify(entry.getDN(), change));
        }
    }

    /**
     * Changes the entry at the DN it was just read from, without searching it again, when the
     * change does not depend on the entry's current value (it does for userAccountControl).
     */
    @Override
    public void setEnabled(ConnectorAccount read, boolean enabled) {
        Optional<Modification> change = settings.disableStrategy().changeWithoutEntry(enabled);
        if (change.isEmpty()) {
            setEnabled(read.accountId(), enabled);
            return;
        }
        String dn = read.reference();
        try {
            // permissive: enabling an account that has no lock left is no error
            connections.run("modify " + dn, pool -> pool.modify(permissive(dn, List.of(change.get()))));
        } catch (UnknownAccountException movedSinceRead) {
            setEnabled(read.accountId(), enabled);
        }
    }

    /**
     * One modify that locks the entry and returns it as it was (pre-read control), at the DN last
     * seen for the account or, when DNs are named by the account id, the DN that id gives. An
     * assertion control makes the directory change nothing unless the entry there still carries
     * the account id; otherwise, or where the DN is unknown or gone, nothing is done and the caller
     * reads the account. Only where the lock needs no reading (ppolicy, not userAccountControl).
     */
    @Override
    public Optional<ConnectorAccount> disableReadingBefore(String accountId) {
        Optional<Modification> lock = settings.disableStrategy().changeWithoutEntry(false);
        if (lock.isEmpty() || noDisableInOneRequest) {
            return Optional.empty();
        }
        String cached = dns.get(accountId);
        String dn = cached != null || !settings.namingAttribute().equalsIgnoreCase(settings.accountIdAttribute())
                ? cached
                : accountDn(accountId, Map.of());
        if (dn == null) {
            return Optional.empty();
        }
        ModifyRequest request = new ModifyRequest(dn, lock.get());
        request.addControl(new AssertionRequestControl(
                Filter.createEqualityFilter(settings.accountIdAttribute(), accountId), true));
        request.addControl(new PreReadRequestControl(true, settings.readAttributes()));
        LDAPResult result;
        try {
            result = connections.pool().modify(request);
        } catch (LDAPException e) {
            if (e.getResultCode() == ResultCode.NO_SUCH_OBJECT || e.getResultCode() == ResultCode.ASSERTION_FAILED) {
                dns.remove(accountId); // moved, renamed or gone: the caller's search finds out
                return Optional.empty();
            }
            if (e.getResultCode() == ResultCode.UNAVAILABLE_CRITICAL_EXTENSION) {
                noDisableInOneRequest = true;
                LOG.infof("target %s: the directory does not take the pre-read or assertion control; "
                        + "leavers are read before they are disabled", settings.targetId());
                return Optional.empty();
            }
            throw LdapErrors.translate("modify " + dn, e);
        }
        Entry before = preRead(result);
        if (before == null) {
            // Locked, but the directory ignored a critical control: what the account was is not known.
            noDisableInOneRequest = true;
            throw new RetryableException("modify " + dn + ": the directory answered without the pre-read entry;"
                    + " the account is read before it is changed from now on", null);
        }
        dns.put(accountId, dn);
        return Optional.of(toAccount(new Entry(dn, before.getAttributes())));
    }

    private static Entry preRead(LDAPResult result) {
        try {
            PreReadResponseControl control = PreReadResponseControl.get(result);
            return control == null ? null : control.getEntry();
        } catch (LDAPException unreadable) {
            return null;
        }
    }

    @Override
    public void delete(String accountId) {
        Entry entry = require(accountId);
        connections.run("delete " + entry.getDN(), pool -> pool.delete(entry.getDN()));
        dns.remove(accountId);
    }

    @Override
    public int membersPerCall() {
        return settings.groupBatchSize();
    }

    @Override
    public void addMembers(String group, Collection<String> accountIds) {
        if (accountIds.isEmpty()) {
            return;
        }
        List<String> members = requiredDns(accountIds);
        String groupDn = groupDn(group);
        try {
            connections.pool().modify(addition(groupDn, members));
        } catch (LDAPException e) {
            if (e.getResultCode() != ResultCode.NO_SUCH_OBJECT) {
                throw LdapErrors.translate("modify " + groupDn, e);
            }
            createGroup(group, groupDn, members);
        }
    }

    @Override
    public void removeMembers(String group, Collection<String> accountIds) {
        List<String> members = knownDns(accountIds);
        if (members.isEmpty()) {
            return;
        }
        String groupDn = groupDn(group);
        List<Modification> modifications = new ArrayList<>();
        if (settings.groupPlaceholderMember() != null) {
            // groupOfNames must keep one member; the placeholder keeps the last removal legal.
            modifications.add(new Modification(ModificationType.ADD, settings.memberAttribute(),
                    settings.groupPlaceholderMember()));
        }
        modifications.add(new Modification(ModificationType.DELETE, settings.memberAttribute(),
                members.toArray(String[]::new)));
        try {
            connections.pool().modify(permissive(groupDn, modifications));
        } catch (LDAPException e) {
            if (e.getResultCode() == ResultCode.NO_SUCH_ATTRIBUTE && members.size() > 1) {
                // Some directories (OpenLDAP's memberof overlay) refuse a batch with one non-member
                // despite the permissive control: remove the members one at a time instead.
                members.forEach(member -> removeMember(groupDn, modifications, member));
            } else if (e.getResultCode() != ResultCode.NO_SUCH_OBJECT && e.getResultCode() != ResultCode.NO_SUCH_ATTRIBUTE) {
                throw LdapErrors.translate("modify " + groupDn, e);
            }
        }
    }

    /** One modify that deletes the leaving members and adds the joining ones. */
    @Override
    public void changeMembers(String group, Collection<String> joining, Collection<String> leaving) {
        List<String> added = requiredDns(joining);
        List<String> removed = knownDns(leaving);
        if (added.isEmpty() || removed.isEmpty()) {
            removeMembers(group, leaving);
            addMembers(group, joining);
            return;
        }
        String groupDn = groupDn(group);
        // deleted first: the added members keep the group from emptying, no placeholder needed
        List<Modification> modifications = List.of(
                new Modification(ModificationType.DELETE, settings.memberAttribute(), removed.toArray(String[]::new)),
                new Modification(ModificationType.ADD, settings.memberAttribute(), added.toArray(String[]::new)));
        try {
            connections.pool().modify(permissive(groupDn, modifications));
        } catch (LDAPException e) {
            if (e.getResultCode() == ResultCode.NO_SUCH_OBJECT || e.getResultCode() == ResultCode.NO_SUCH_ATTRIBUTE) {
                // no group yet (addMembers creates it), or a leaving account that is no member
                // refused by the memberof overlay despite the permissive control (removeMembers
                // then takes them out one at a time)
                removeMembers(group, leaving);
                addMembers(group, joining);
            } else {
                throw LdapErrors.translate("modify " + groupDn, e);
            }
        }
    }

    private void removeMember(String groupDn, List<Modification> batch, String member) {
        List<Modification> single = new ArrayList<>(batch.subList(0, batch.size() - 1));
        single.add(new Modification(ModificationType.DELETE, settings.memberAttribute(), member));
        try {
            connections.pool().modify(permissive(groupDn, single));
        } catch (LDAPException e) {
            if (e.getResultCode() != ResultCode.NO_SUCH_OBJECT && e.getResultCode() != ResultCode.NO_SUCH_ATTRIBUTE) {
                throw LdapErrors.translate("modify " + groupDn, e);
            }
        }
    }

    private static ModifyRequest permissive(String dn, List<Modification> modifications) {
        ModifyRequest request = new ModifyRequest(dn, modifications);
        request.addControl(new PermissiveModifyRequestControl());
        return request;
    }

    @Override
    public Page list(String cursor, int pageSize) {
        return listings.page(cursor, pageSize);
    }

    @Override
    public void close() {
        listings.close();
        connections.close();
    }

    private void createGroup(String group, String groupDn, List<String> members) {
        Entry entry = new Entry(groupDn);
        entry.addAttribute(OBJECT_CLASS, "top", settings.groupObjectClass());
        entry.addAttribute("cn", group);
        Set<String> values = new LinkedHashSet<>(members);
        if (settings.groupPlaceholderMember() != null) {
            values.add(settings.groupPlaceholderMember());
        }
        entry.addAttribute(settings.memberAttribute(), values);
        if (settings.flavour() == LdapFlavour.ACTIVE_DIRECTORY) {
            entry.addAttribute("sAMAccountName", group);
        }
        try {
            connections.pool().add(entry);
        } catch (LDAPException e) {
            if (e.getResultCode() != ResultCode.ENTRY_ALREADY_EXISTS) {
                throw LdapErrors.translate("add " + groupDn, e);
            }
            addMembersToExisting(groupDn, members); // created meanwhile by another thread
        }
    }

    private void addMembersToExisting(String groupDn, List<String> members) {
        connections.run("modify " + groupDn, pool -> pool.modify(addition(groupDn, members)));
    }

    /** One modify adding many members; members already there are left alone (permissive modify). */
    private ModifyRequest addition(String groupDn, List<String> members) {
        return permissive(groupDn, List.of(
                new Modification(ModificationType.ADD, settings.memberAttribute(), members.toArray(String[]::new))));
    }

    private String renameIfNamingValueChanges(String accountId, String dn, AttributeDelta delta) {
        String naming = settings.namingAttribute();
        List<String> wanted = delta.replace().get(settings.commandAttribute(naming));
        if (wanted == null || wanted.isEmpty() || naming.equalsIgnoreCase(settings.accountIdAttribute())) {
            return dn;
        }
        try {
            DN parsed = new DN(dn);
            RDN renamed = new RDN(naming, wanted.get(0));
            if (parsed.getRDN().equals(renamed)) {
                return dn;
            }
            connections.run("modify DN " + dn, pool -> pool.modifyDN(dn, renamed.toString(), true));
            String newDn = new DN(renamed, parsed.getParent()).toString();
            dns.put(accountId, newDn);
            return newDn;
        } catch (LDAPException e) {
            throw LdapErrors.translate("parse DN " + dn, e);
        }
    }

    private Optional<Entry> find(String accountId) {
        SearchRequest search = new SearchRequest(settings.peopleDn(), SearchScope.SUB,
                Filter.createEqualityFilter(settings.accountIdAttribute(), accountId), settings.readAttributes());
        search.setSizeLimit(2);
        SearchResult result = connections.run("search " + settings.accountIdAttribute() + "=" + accountId,
                pool -> pool.search(search));
        List<SearchResultEntry> entries = result.getSearchEntries();
        if (entries.size() > 1) {
            throw new PermanentException("LDAP search: more than one entry has "
                    + settings.accountIdAttribute() + "=" + accountId + " under " + settings.peopleDn(), null);
        }
        if (entries.isEmpty()) {
            dns.remove(accountId);
            return Optional.empty();
        }
        dns.put(accountId, entries.get(0).getDN());
        return Optional.of(entries.get(0));
    }

    private Entry require(String accountId) {
        return find(accountId).orElseThrow(() -> unknown(accountId));
    }

    /** The accounts' DNs; throws UnknownAccount for the first that does not exist. */
    private List<String> requiredDns(Collection<String> accountIds) {
        List<String> dns = new ArrayList<>();
        for (String accountId : accountIds) {
            dns.add(dn(accountId).orElseThrow(() -> unknown(accountId)));
        }
        return dns;
    }

    /** The DNs of those of the accounts that exist. */
    private List<String> knownDns(Collection<String> accountIds) {
        List<String> dns = new ArrayList<>();
        for (String accountId : accountIds) {
            dn(accountId).ifPresent(dns::add);
        }
        return dns;
    }

    private Optional<String> dn(String accountId) {
        String cached = dns.get(accountId);
        return cached != null ? Optional.of(cached) : find(accountId).map(Entry::getDN);
    }

    ConnectorAccount toAccount(Entry entry) {
        Map<String, List<String>> attributes = new LinkedHashMap<>();
        for (Attribute attribute : entry.getAttributes()) {
            String name = attribute.getBaseName();
            if (isBookkeeping(name)) {
                continue;
            }
            attributes.put(settings.commandAttribute(name), List.of(attribute.getValues()));
        }
        String accountId = entry.getAttributeValue(settings.accountIdAttribute());
        return new ConnectorAccount(accountId, entry.getDN(), settings.disableStrategy().isEnabled(entry),
                attributes, groupsOf(entry));
    }

    private boolean isBookkeeping(String name) {
        return name.equalsIgnoreCase(OBJECT_CLASS)
                || name.equalsIgnoreCase(settings.disableStrategy().attribute())
                || name.equalsIgnoreCase("userPassword")
                || (settings.memberOfAttribute() != null && name.equalsIgnoreCase(settings.memberOfAttribute()));
    }

    private Set<String> groupsOf(Entry entry) {
        Set<String> groups = new LinkedHashSet<>();
        if (settings.memberOfAttribute() != null) {
            String[] values = entry.getAttributeValues(settings.memberOfAttribute());
            for (String groupDn : values == null ? new String[0] : values) {
                groupName(groupDn).ifPresent(groups::add);
            }
            return groups;
        }
        SearchRequest search = new SearchRequest(settings.groupsDn(), SearchScope.SUB,
                Filter.createEqualityFilter(settings.memberAttribute(), entry.getDN()), "cn");
        SearchResult result = connections.run("search groups of " + entry.getDN(), pool -> pool.search(search));
        for (SearchResultEntry group : result.getSearchEntries()) {
            groups.add(group.getAttributeValue("cn"));
        }
        return groups;
    }

    private Optional<String> groupName(String groupDn) {
        try {
            DN dn = new DN(groupDn);
            if (!dn.isDescendantOf(settings.groupsDn(), false)) {
                return Optional.empty();
            }
            return Optional.of(dn.getRDN().getAttributeValues()[0]);
        } catch (LDAPException e) {
            return Optional.empty();
        }
    }

    private String accountDn(String accountId, Map<String, List<String>> attributes) {
        String naming = settings.namingAttribute();
        String value = naming.equalsIgnoreCase(settings.accountIdAttribute())
                ? accountId
                : Optional.ofNullable(attributes.get(settings.commandAttribute(naming)))
                        .filter(values -> !values.isEmpty())
                        .map(values -> values.get(0))
                        .orElse(accountId);
        try {
            return new DN(new RDN(naming, value), new DN(settings.peopleDn())).toString();
        } catch (LDAPException e) {
            throw LdapErrors.translate("parse people-dn", e);
        }
    }

    private String groupDn(String group) {
        try {
            return new DN(new RDN("cn", group), new DN(settings.groupsDn())).toString();
        } catch (LDAPException e) {
            throw LdapErrors.translate("parse groups-dn", e);
        }
    }

    private UnknownAccountException unknown(String accountId) {
        return new UnknownAccountException("no account " + settings.accountIdAttribute() + "=" + accountId
                + " under " + settings.peopleDn(), null);
    }
}
