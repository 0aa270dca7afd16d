package io.provisioning.policy.lifecycle;

/** Where a worker stands (docs/api.md "identity"). */
public enum LifecycleState {
    PRE_HIRE, ACTIVE, ON_LEAVE, TERMINATED
}
