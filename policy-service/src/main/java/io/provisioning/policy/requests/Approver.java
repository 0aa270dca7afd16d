package io.provisioning.policy.requests;

/**
 * Who decides a stage: one worker, or any member of a realm group.
 *
 * @param workerId the worker; null when a group decides
 * @param group    the realm group; null when a worker decides
 * @param via      how the worker was found: manager, manager's manager, owner, fallback
 */
record Approver(String workerId, String group, String via) {

    static Approver worker(String workerId, String via) {
        return new Approver(workerId, null, via);
    }

    static Approver group(String group) {
        return new Approver(null, group, "owner group");
    }
}
