package io.provisioning.connector.ldap;

import java.util.List;

/** The defaults that differ between an OpenLDAP-style directory and Active Directory. */
enum LdapFlavour {

    OPENLDAP("uid", "uid", List.of("top", "person", "organizationalPerson", "inetOrgPerson"),
            "groupOfNames", DisableStrategy.PPOLICY),
    ACTIVE_DIRECTORY("sAMAccountName", "cn", List.of("top", "person", "organizationalPerson", "user"),
            "group", DisableStrategy.USER_ACCOUNT_CONTROL);

    final String accountIdAttribute;
    final String namingAttribute;
    final List<String> accountObjectClasses;
    final String groupObjectClass;
    final DisableStrategy disableStrategy;

    LdapFlavour(String accountIdAttribute, String namingAttribute, List<String> accountObjectClasses,
            String groupObjectClass, DisableStrategy disableStrategy) {
        this.accountIdAttribute = accountIdAttribute;
        this.namingAttribute = namingAttribute;
        this.accountObjectClasses = accountObjectClasses;
        this.groupObjectClass = groupObjectClass;
        this.disableStrategy = disableStrategy;
    }

    static LdapFlavour of(String name) {
        return switch (name.toLowerCase()) {
            case "openldap", "ldap" -> OPENLDAP;
            case "active-directory", "ad" -> ACTIVE_DIRECTORY;
            default -> throw new IllegalArgumentException(
                    "flavour must be openldap or active-directory, not " + name);
        };
    }
}
