package io.provisioning.policy.authoring;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Attributes a policy may never set, because they are credentials (a templated password is a
 * guessable password on every account, and it would be in the audit trail) or because the product
 * itself controls them (the account's name, its enabled state, its groups, its object classes).
 * Which they are depends on the kind of target; a target whose kind is not configured gets the
 * refusals of every kind.
 */
public final class ProtectedAttributes {

    /** The kinds of target, as {@code provisioning.policy.targets.<id>.type} names them. */
    public enum TargetType { LDAP, SCIM, JDBC }

    private static final Map<TargetType, Set<String>> BUILT_IN = Map.of(
            TargetType.LDAP, lowerCase("userPassword", "unicodePwd", "userAccountControl", "pwdAccountLockedTime",
                    "pwdPolicySubentry", "memberOf", "isMemberOf", "objectClass", "uid", "sAMAccountName",
                    "nsAccountLock", "member", "uniqueMember"),
            TargetType.SCIM, lowerCase("id", "userName", "active", "password", "groups", "meta", "schemas"),
            TargetType.JDBC, lowerCase("account_id", "disabled", "password", "password_hash"));
    /** LDAP password policy keeps its state in pwd* operational attributes: none is for a policy to set. */
    private static final String LDAP_PASSWORD_POLICY_PREFIX = "pwd";

    /** Refuses what every kind of target refuses: for targets whose kind is unknown. */
    public static final ProtectedAttributes STRICTEST = new ProtectedAttributes(Map.of(), Map.of());

    private final Map<String, TargetType> typeByTarget;
    private final Map<String, Set<String>> extraByTarget;

    /**
     * @param typeByTarget  the kind of each target; a target not listed is checked against every kind
     * @param extraByTarget further attributes per target (an LDAP naming attribute, a JDBC key column)
     */
    public ProtectedAttributes(Map<String, TargetType> typeByTarget, Map<String, Set<String>> extraByTarget) {
        this.typeByTarget = Map.copyOf(typeByTarget);
        this.extraByTarget = extraByTarget.entrySet().stream().collect(Collectors.toUnmodifiableMap(Map.Entry::getKey,
                e -> lowerCase(e.getValue().toArray(String[]::new))));
    }

    /** Why a policy may not set this attribute in this target; empty if it may. */
    public Optional<String> refusal(String targetId, String attribute) {
        TargetType type = typeByTarget.get(targetId);
        Set<TargetType> kinds = type == null ? Set.of(TargetType.values()) : Set.of(type);
        if (extraByTarget.getOrDefault(targetId, Set.of()).contains(attribute.toLowerCase(Locale.ROOT))) {
            return Optional.of("is controlled by the product in target " + targetId + " and cannot be set by a policy");
        }
        for (TargetType kind : kinds) {
            String name = baseName(kind, attribute);
            if (BUILT_IN.get(kind).contains(name)
                    || (kind == TargetType.LDAP && name.startsWith(LDAP_PASSWORD_POLICY_PREFIX))) {
                return Optional.of("is a credential or an attribute the product controls in "
                        + kind.name().toLowerCase(Locale.ROOT) + " targets and cannot be set by a policy");
            }
        }
        return Optional.empty();
    }

    /** SCIM attributes are paths (name.givenName, urn:…:User:password): the top-level name decides. */
    private static String baseName(TargetType kind, String attribute) {
        String name = attribute.toLowerCase(Locale.ROOT);
        if (kind == TargetType.SCIM) {
            if (name.startsWith("urn:")) {
                name = name.substring(name.lastIndexOf(':') + 1);
            }
            int dot = name.indexOf('.');
            name = dot < 0 ? name : name.substring(0, dot);
            int bracket = name.indexOf('[');
            name = bracket < 0 ? name : name.substring(0, bracket);
        } else {
            int options = name.indexOf(';'); // LDAP attribute options: userPassword;binary
            name = options < 0 ? name : name.substring(0, options);
        }
        return name;
    }

    private static Set<String> lowerCase(String... names) {
        return Stream.of(names).map(n -> n.trim().toLowerCase(Locale.ROOT)).filter(n -> !n.isEmpty())
                .collect(Collectors.toCollection(TreeSet::new));
    }

    /** Parses a comma-separated list of attribute names. */
    public static Set<String> list(String names) {
        return names == null ? Set.of() : Set.copyOf(Arrays.stream(names.split(",")).map(String::trim)
                .filter(n -> !n.isEmpty()).toList());
    }
}
