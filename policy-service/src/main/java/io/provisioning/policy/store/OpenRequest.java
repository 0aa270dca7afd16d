package io.provisioning.policy.store;

import java.util.UUID;

/**
 * An access request not closed yet (PENDING, APPROVED or ACTIVE), as a batch of workers loads it:
 * the ACTIVE ones are the grants that join the worker's desired state.
 */
public record OpenRequest(UUID requestId, String targetId, String group, String state) {

    public static final String ACTIVE = "ACTIVE";

    public boolean active() {
        return ACTIVE.equals(state);
    }

    /** The grant's reason in the desired state and in commands, beside the rule ids. */
    public String grantReason() {
        return "request:" + requestId;
    }
}
