package io.provisioning.policy.requests;

import java.util.Set;

/**
 * Who calls the access request API.
 *
 * @param workerId the worker their sign-in maps to (the token's {@code workerId} claim); null for a
 *                 client that is no worker (a service account, an operator account)
 * @param name     their sign-in name
 * @param groups   the realm groups they belong to (the token's {@code groups} claim): an
 *                 {@code owner:group:} stage waits for any of its members
 * @param admin    whether they administer the policy: they may revoke any grant
 * @param reader   whether their role lets them read every request (auditor, operator, policy-admin)
 */
public record Caller(String workerId, String name, Set<String> groups, boolean admin, boolean reader) {

    public Caller {
        groups = groups == null ? Set.of() : Set.copyOf(groups);
    }

    /** The same caller, shown the request they just acted on (a decision makes them part of it). */
    public Caller asParty() {
        return new Caller(workerId, name, groups, admin, true);
    }
}
