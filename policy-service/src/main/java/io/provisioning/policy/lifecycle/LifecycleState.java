package io.provisioning.policy.lifecycle;

/** Where a worker stands (API.md "identity"). */
public enum LifecycleState {
    PRE_HIRE, ACTIVE, ON_LEAVE, TERMINATED
}
