package io.provisioning.bench;

import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPConnectionOptions;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.SearchRequest;
import com.unboundid.ldap.sdk.SearchScope;
import com.unboundid.ldap.sdk.SearchResultEntry;

/**
 * How many members the demo directory's group every worker joins has. OpenLDAP keeps a group's
 * members as one sorted list that it shifts for every member added or removed, so what a joiner
 * costs the directory grows with that group: figures of two runs compare only at similar sizes.
 */
final class DirectoryGroups {

    private final int port = Integer.getInteger("stack.ldap.port", 1389);
    private final String bindDn = System.getProperty("stack.ldap.bindDn", "cn=admin,dc=example,dc=com");
    private final String password = System.getProperty("stack.ldap.password", "admin");

    /** The members of the group, or -1 if the directory could not be read (the figure is then left out). */
    int members(String groupDn) {
        LDAPConnectionOptions options = new LDAPConnectionOptions();
        options.setMaxMessageSize(256 << 20); // a group of a million members is about 50 MB
        try (LDAPConnection ldap = new LDAPConnection(options, "127.0.0.1", port, bindDn, password)) {
            SearchResultEntry group = ldap.getEntry(groupDn, "member");
            String[] members = group == null ? null : group.getAttributeValues("member");
            return members == null ? 0 : members.length;
        } catch (LDAPException e) {
            return -1;
        }
    }

    /**
     * How many people entries whose employeeNumber starts with the prefix are members of the group
     * (memberOf), or -1 if the directory could not be read.
     */
    int membersAmong(String employeeNumberPrefix, String groupDn) {
        try (LDAPConnection ldap = new LDAPConnection("127.0.0.1", port, bindDn, password)) {
            SearchRequest search = new SearchRequest("ou=people,dc=example,dc=com", SearchScope.ONE,
                    Filter.createANDFilter(Filter.createSubstringFilter("employeeNumber", employeeNumberPrefix, null, null),
                            Filter.createEqualityFilter("memberOf", groupDn)), "1.1");
            return ldap.search(search).getEntryCount();
        } catch (LDAPException e) {
            return -1;
        }
    }
}
