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

    /**
     * Adds some accounts to the group and removes others, in one write where the target allows it
     * (a large group is then read and written once, not twice). The default removes, then adds.
     *
     * @param joining the accounts to add; never null, may be empty
     * @param leaving the accounts to remove, none of them in {@code joining}; never null, may be empty
     * @throws UnknownAccountException if one of the joining accounts does not exist
     * @throws RetryableException     if the target could not be reached or was busy
     */
    default void changeMembers(String group, Collection<String> joining, Collection<String> leaving) {
        removeMembers(group, leaving);
        addMembers(group, joining);
    }
}
