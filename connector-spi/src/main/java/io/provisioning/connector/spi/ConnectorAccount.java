package io.provisioning.connector.spi;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An account as it is in the target.
 *
 * @param accountId  the account's name in the target (uid, sAMAccountName, userName); never null
 * @param reference  the target's own reference (a DN, a SCIM id, a primary key); never null
 * @param enabled    false when the account exists but cannot be used
 * @param attributes attribute name to values, only the attributes the connector maps; never null
 * @param groups     names of the groups the account is a member of; never null
 */
public record ConnectorAccount(
        String accountId,
        String reference,
        boolean enabled,
        Map<String, List<String>> attributes,
        Set<String> groups) {

    public ConnectorAccount {
        attributes = Map.copyOf(attributes);
        groups = Set.copyOf(groups);
    }
}
