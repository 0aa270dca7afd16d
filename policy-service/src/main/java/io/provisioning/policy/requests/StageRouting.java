package io.provisioning.policy.requests;

import io.provisioning.contracts.hr.Worker;
import io.provisioning.policy.model.RequestableGroup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Finds a stage's approver when the stage starts. {@code manager}: HR's manager of the
 * beneficiary if active, else that manager's own manager if active, else the fallback approver.
 * {@code owner:<workerId>}: that worker if active, else the fallback approver.
 * {@code owner:group:<name>}: any member of the realm group. Nobody approves a request they made
 * or that is for them: such a candidate is passed over like an inactive one.
 */
@ApplicationScoped
class StageRouting {

    @Inject
    People people;

    /** The stage's approver; empty when nobody can decide it. */
    Optional<Approver> approverOf(String spec, Worker beneficiary, String requestedBy, String fallback) {
        Set<String> excluded = new HashSet<>(List.of(beneficiary.workerId(), requestedBy));
        if (spec.startsWith(RequestableGroup.OWNER_GROUP)) {
            return Optional.of(Approver.group(spec.substring(RequestableGroup.OWNER_GROUP.length())));
        }
        if (spec.startsWith(RequestableGroup.OWNER)) {
            String owner = spec.substring(RequestableGroup.OWNER.length());
            if (eligible(owner, excluded)) {
                return Optional.of(Approver.worker(owner, "owner"));
            }
            return fallback(fallback, excluded);
        }
        Optional<People.Person> manager = people.find(beneficiary.managerId());
        if (manager.isPresent() && eligible(manager.get().workerId(), excluded)) {
            return Optional.of(Approver.worker(manager.get().workerId(), "manager"));
        }
        Optional<People.Person> managersManager = manager.flatMap(m -> people.find(m.managerId()));
        if (managersManager.isPresent() && eligible(managersManager.get().workerId(), excluded)) {
            return Optional.of(Approver.worker(managersManager.get().workerId(), "manager's manager"));
        }
        return fallback(fallback, excluded);
    }

    private Optional<Approver> fallback(String fallback, Set<String> excluded) {
        return fallback != null && eligible(fallback, excluded)
                ? Optional.of(Approver.worker(fallback, "fallback approver")) : Optional.empty();
    }

    private boolean eligible(String workerId, Set<String> excluded) {
        return !excluded.contains(workerId) && people.find(workerId).map(People.Person::active).orElse(false);
    }
}
