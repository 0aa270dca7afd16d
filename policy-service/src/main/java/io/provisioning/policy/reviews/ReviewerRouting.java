package io.provisioning.policy.reviews;

import io.provisioning.policy.model.RequestableGroup;
import java.util.Map;

/**
 * Finds each item's reviewer when the review is created, from the people read once for the whole
 * review. {@code manager}: HR's manager of the worker if active, else that manager's manager if
 * active, else the fallback reviewer. {@code owner:<workerId>}: that worker if active, else the
 * fallback. {@code owner:group:<name>}: any member of the realm group. Nobody reviews their own
 * access: the worker is passed over like an inactive candidate; an item nobody can review has no
 * reviewer (a policy administrator reassigns it).
 */
final class ReviewerRouting {

    /** A worker as routing needs them. */
    record Person(boolean active, String managerId) {
    }

    /** Who reviews an item: a worker, or any member of a realm group, and how they were found. */
    record Reviewer(String workerId, String group, String via) {

        static final Reviewer NOBODY = new Reviewer(null, null, "nobody: no active reviewer other than the worker");
    }

    private final String spec;
    private final String fallback;
    private final Map<String, Person> people;

    /** @param people every worker the routing may name (managers, their managers, owner, fallback) */
    ReviewerRouting(String spec, String fallback, Map<String, Person> people) {
        this.spec = spec;
        this.fallback = fallback;
        this.people = people;
    }

    Reviewer reviewerOf(String workerId, String managerId) {
        if (spec.startsWith(RequestableGroup.OWNER_GROUP)) {
            return new Reviewer(null, spec.substring(RequestableGroup.OWNER_GROUP.length()), "owner group");
        }
        if (spec.startsWith(RequestableGroup.OWNER)) {
            String owner = spec.substring(RequestableGroup.OWNER.length());
            return eligible(owner, workerId) ? new Reviewer(owner, null, "owner") : fallback(workerId);
        }
        if (eligible(managerId, workerId)) {
            return new Reviewer(managerId, null, "manager");
        }
        Person manager = managerId == null ? null : people.get(managerId);
        String managersManager = manager == null ? null : manager.managerId();
        if (eligible(managersManager, workerId)) {
            return new Reviewer(managersManager, null, "manager's manager");
        }
        return fallback(workerId);
    }

    private Reviewer fallback(String workerId) {
        return eligible(fallback, workerId) ? new Reviewer(fallback, null, "fallback reviewer") : Reviewer.NOBODY;
    }

    private boolean eligible(String candidate, String workerId) {
        if (candidate == null || candidate.equals(workerId)) {
            return false;
        }
        Person person = people.get(candidate);
        return person != null && person.active();
    }
}
