package io.provisioning.policy.requests;

import java.util.Set;

/** Where an access request is; the last four are closed for good. */
public enum RequestState {
    /** Waiting for the current stage's decision. */
    PENDING,
    /** Every stage approved; the grant starts at the request's start. */
    APPROVED,
    /** Granted: the group is in the worker's desired state until the end. */
    ACTIVE,
    DENIED,
    /** No decision within the stage's timeout (or nobody could be asked): nothing granted. */
    EXPIRED,
    /** Withdrawn before it was granted: by who asked, or because the worker moved or left. */
    CANCELLED,
    /** The grant is over: end reached, revoked, or the worker moved or left. */
    ENDED;

    public static final Set<RequestState> OPEN = Set.of(PENDING, APPROVED, ACTIVE);

    public boolean open() {
        return OPEN.contains(this);
    }
}
