package io.provisioning.policy.reviews;

/**
 * A reviewer's decision on one item.
 *
 * @param decision   keep, revoke or reassign
 * @param reason     why; required to revoke
 * @param reassignTo for reassign: the worker who reviews the item instead
 */
public record ItemDecision(Integer itemId, String decision, String reason, String reassignTo) {

    public static final String KEEP = "keep";
    public static final String REVOKE = "revoke";
    public static final String REASSIGN = "reassign";
}
