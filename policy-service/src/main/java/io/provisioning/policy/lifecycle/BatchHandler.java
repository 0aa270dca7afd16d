package io.provisioning.policy.lifecycle;

import io.provisioning.contracts.hr.HrEvent;
import io.provisioning.contracts.hr.WorkerChange;
import io.provisioning.policy.model.PolicyDocument;
import io.provisioning.policy.model.TargetPolicy;
import io.provisioning.policy.naming.AccountNames;
import io.provisioning.policy.naming.TemplateException;
import io.provisioning.policy.rules.GrantEvaluator;
import io.provisioning.policy.store.IdentityRepository;
import io.provisioning.policy.store.NameReservations;
import io.provisioning.policy.store.PolicyStore;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Applies a poll's worth of HR events in one transaction: what the events read is loaded with a
 * few statements first, what they write is written together at the end, and one commit (one WAL
 * flush) covers hundreds of events; a single event is a batch of one. The new account names they
 * need are reserved just before, in a short transaction of their own. Events keep their order. If
 * any event fails, the whole transaction rolls back and the caller applies them one by one, which
 * isolates the bad one.
 */
@ApplicationScoped
public class BatchHandler {

    @Inject
    LifecycleService lifecycle;

    @Inject
    IdentityRepository store;

    @Inject
    NameReservations names;

    @Inject
    PolicyStore policies;

    /**
     * @param acceptedAt when hr-ingest accepted each event, by id (the start of its commands' end-to-end latency)
     * @return the result of each event, in order
     */
    public List<String> handleAll(List<HrEvent> events, Map<String, Instant> acceptedAt) {
        Set<String> eventIds = new LinkedHashSet<>();
        Set<String> workers = new LinkedHashSet<>();
        Set<String> managers = new LinkedHashSet<>();
        for (HrEvent event : events) {
            eventIds.add(event.id());
            workers.add(event.workerId());
            if (event.data() instanceof WorkerChange change && change.worker().managerId() != null) {
                managers.add(change.worker().managerId());
            }
        }
        names.reserve(nameNeeds(policies.active().document(), events));
        return QuarkusTransaction.requiringNew().call(() -> {
            store.open(eventIds, acceptedAt, workers, managers);
            List<String> results = new ArrayList<>(events.size());
            for (HrEvent event : events) {
                results.add(lifecycle.handle(event));
            }
            store.flush();
            return results;
        });
    }

    /**
     * For each worker record in the batch, the name base it gives in each target the policy
     * entitles the worker to (workers who already have a name there are filtered out later).
     */
    private static List<NameReservations.Need> nameNeeds(PolicyDocument policy, List<HrEvent> events) {
        List<NameReservations.Need> needs = new ArrayList<>();
        for (HrEvent event : events) {
            if (!(event.data() instanceof WorkerChange change)) {
                continue;
            }
            Map<String, String> fields = WorkerFields.of(change.worker());
            Map<String, Map<String, List<String>>> grants = GrantEvaluator.grants(policy, fields::get);
            for (Map.Entry<String, TargetPolicy> target : policy.targets().entrySet()) {
                if (!target.getValue().birthright() && !grants.containsKey(target.getKey())) {
                    continue;
                }
                try {
                    needs.add(new NameReservations.Need(event.workerId(), target.getKey(),
                            AccountNames.base(target.getValue().accountName(), fields::get),
                            target.getValue().accountName().maxLength()));
                } catch (TemplateException cannotName) {
                    // the event fails when it is applied, with this reason
                }
            }
        }
        return needs;
    }
}
