package io.provisioning.connector.spi;

import java.util.Collection;

/**
 * Adds accounts to and removes them from groups, many members of one group in one call, so that a
 * large group costs one write per batch rather than one per member.
 */
public interface GroupMembershipOp extends Connector {

    /**
     * Makes the accounts members of the group, creating the group when the target allows it;
     * accounts that already are members are left alone.
     *
     * @param group      the group's name; never null
     * @param accountIds the accounts to add; never null, may be empty
     * @throws UnknownAccountException if one of the accounts does not exist
     * @throws RetryableException     if the target could not be reached or was busy
     */
    void addMembers(String group, Collection<String> accountIds);

    /**
     * Removes the accounts from the group; accounts that are not members are left alone.
     *
     * @throws RetryableException if the target could not be reached or was busy
     */
    void removeMembers(String group, Collection<String> accountIds);
}
