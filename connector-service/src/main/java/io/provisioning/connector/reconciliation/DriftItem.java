package io.provisioning.connector.reconciliation;

/**
 * One difference between a target and the desired state.
 *
 * @param kind      ORPHAN, MISSING, GROUP_DRIFT, STATE_DRIFT or ATTRIBUTE_DRIFT
 * @param accountId the account in the target
 * @param workerId  the worker it belongs to; null for an orphan
 * @param detail    what differs, naming attributes and groups but never attribute values
 */
public record DriftItem(String kind, String accountId, String workerId, String detail) {
}
