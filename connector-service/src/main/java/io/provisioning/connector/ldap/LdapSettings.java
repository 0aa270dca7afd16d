package io.provisioning.connector.ldap;

import io.provisioning.connector.spi.RequestSaving;
import io.provisioning.connector.spi.TargetConfiguration;
import java.net.URI;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The configuration of one LDAP target ({@code provisioning.targets.<id>.*}):
 *
 * <ul>
 *   <li>{@code url} ({@code ldap://} or {@code ldaps://}), {@code start-tls}, {@code trust-all-certificates}
 *       (tests only), {@code bind-dn}, {@code bind-password} (set it through the environment)
 *   <li>{@code people-dn}, {@code groups-dn}, {@code flavour} ({@code openldap} or {@code active-directory})
 *   <li>{@code account-id-attribute}, {@code naming-attribute}, {@code account-object-classes},
 *       {@code attribute-map} ({@code from:to,…}, command attribute to directory attribute)
 *   <li>{@code group-object-class} ({@code groupOfNames}, {@code groupOfUniqueNames} or AD {@code group}),
 *       {@code group-placeholder-member} (keeps groupOfNames from ever being empty),
 *       {@code member-of-attribute} (e.g. {@code memberOf}: read an account's groups from it instead of
 *       searching the groups)
 *   <li>{@code disable-strategy} ({@code ppolicy} or {@code user-account-control}), {@code upn-suffix} (AD)
 *   <li>{@code pool-size}, {@code connect-timeout-ms}, {@code response-timeout-ms}
 *   <li>{@code group-batch-size}: the most members one modify of a group adds or removes (1000)
 * </ul>
 */
record LdapSettings(
        String targetId,
        URI url,
        boolean startTls,
        boolean trustAllCertificates,
        String bindDn,
        String bindPassword,
        String peopleDn,
        String groupsDn,
        LdapFlavour flavour,
        String accountIdAttribute,
        String namingAttribute,
        List<String> accountObjectClasses,
        Map<String, String> attributeMap,
        String groupObjectClass,
        String memberAttribute,
        String groupPlaceholderMember,
        String memberOfAttribute,
        DisableStrategy disableStrategy,
        String upnSuffix,
        int poolSize,
        int connectTimeoutMillis,
        int responseTimeoutMillis,
        int groupBatchSize) {

    static LdapSettings from(TargetConfiguration config) {
        LdapFlavour flavour = LdapFlavour.of(config.get("flavour", "openldap"));
        URI url = URI.create(config.require("url"));
        if (!"ldap".equals(url.getScheme()) && !"ldaps".equals(url.getScheme())) {
            throw new IllegalArgumentException("provisioning.targets." + config.targetId()
                    + ".url must start with ldap:// or ldaps://");
        }
        String groupObjectClass = config.get("group-object-class", flavour.groupObjectClass);
        int groupBatchSize = config.getInt("group-batch-size", RequestSaving.DEFAULT_MEMBERS_PER_CALL);
        if (groupBatchSize < 1) {
            throw new IllegalArgumentException("provisioning.targets." + config.targetId()
                    + ".group-batch-size must be at least 1");
        }
        return new LdapSettings(
                config.targetId(),
                url,
                Boolean.parseBoolean(config.get("start-tls", "false")),
                Boolean.parseBoolean(config.get("trust-all-certificates", "false")),
                config.require("bind-dn"),
                config.require("bind-password"),
                config.require("people-dn"),
                config.require("groups-dn"),
                flavour,
                config.get("account-id-attribute", flavour.accountIdAttribute),
                config.get("naming-attribute", flavour.namingAttribute),
                config.get("account-object-classes").map(LdapSettings::list).orElse(flavour.accountObjectClasses),
                config.get("attribute-map").map(LdapSettings::pairs).orElse(Map.of()),
                groupObjectClass,
                "groupOfUniqueNames".equalsIgnoreCase(groupObjectClass) ? "uniqueMember" : "member",
                config.get("group-placeholder-member").orElse(null),
                config.get("member-of-attribute").orElse(null),
                config.get("disable-strategy").map(DisableStrategy::of).orElse(flavour.disableStrategy),
                config.get("upn-suffix").orElse(null),
                config.getInt("pool-size", 8),
                config.getInt("connect-timeout-ms", 3000),
                config.getInt("response-timeout-ms", 10000),
                groupBatchSize);
    }

    int port() {
        return url.getPort() > 0 ? url.getPort() : useLdaps() ? 636 : 389;
    }

    boolean useLdaps() {
        return "ldaps".equals(url.getScheme());
    }

    /** The directory attribute a command attribute is stored in. */
    String directoryAttribute(String commandAttribute) {
        return attributeMap.getOrDefault(commandAttribute, commandAttribute);
    }

    /** The command attribute a directory attribute is reported as. */
    String commandAttribute(String directoryAttribute) {
        return attributeMap.entrySet().stream()
                .filter(entry -> entry.getValue().equalsIgnoreCase(directoryAttribute))
                .map(Map.Entry::getKey)
                .findFirst()
                .orElse(directoryAttribute);
    }

    /** The attributes to read of an account: its own, its state, and its groups when they are on the entry. */
    String[] readAttributes() {
        return memberOfAttribute == null
                ? new String[] {"*", disableStrategy.attribute()}
                : new String[] {"*", disableStrategy.attribute(), memberOfAttribute};
    }

    /** Never prints the bind password. */
    @Override
    public String toString() {
        return "LdapSettings[" + targetId + ", " + url + ", bindDn=" + bindDn + ", flavour=" + flavour + "]";
    }

    private static List<String> list(String value) {
        return Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    private static Map<String, String> pairs(String value) {
        Map<String, String> pairs = new LinkedHashMap<>();
        for (String pair : list(value)) {
            String[] parts = pair.split(":", 2);
            if (parts.length != 2 || parts[0].isBlank() || parts[1].isBlank()) {
                throw new IllegalArgumentException("attribute-map entries are from:to, not " + pair);
            }
            pairs.put(parts[0].trim(), parts[1].trim());
        }
        return Map.copyOf(pairs);
    }
}
