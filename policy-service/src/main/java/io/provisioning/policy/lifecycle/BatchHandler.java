package io.provisioning.policy.lifecycle;

import io.provisioning.contracts.hr.HrEvent;
import io.provisioning.contracts.hr.WorkerChange;
import io.provisioning.policy.model.PolicyDocument;
import io.provisioning.policy.model.TargetPolicy;
import io.provisioning.policy.naming.AccountNames;
import io.provisioning.policy.naming.TemplateException;
import io.provisioning.policy.rules.GrantEvaluator;
import io.provisioning.policy.store.EventBatches;
import io.provisioning.policy.store.PolicyStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Applies a poll's worth of HR events in one transaction: what the events read is loaded with a
 * few statements first, what they write is written together at the end, and one commit (one WAL
 * flush) covers hundreds of events. Events keep their order. If any event fails, the whole
 * transaction rolls back and the caller applies them one by one, which isolates the bad one.
 */
@ApplicationScoped
public class BatchHandler {

    @Inject
    LifecycleService lifecycle;

    @Inject
    EventBatches store;

    @Inject
    PolicyStore policies;

    /** @return the result of each event, in order */
    @Transactional
    public List<String> handleAll(List<HrEvent> events) {
        PolicyDocument policy = policies.active().document();
        Set<String> eventIds = new LinkedHashSet<>();
        Set<String> managers = new LinkedHashSet<>();
        Map<String, Map<String, String>> basesByWorker = new HashMap<>();
        for (HrEvent event : events) {
            eventIds.add(event.id());
            Map<String, String> bases = basesByWorker.computeIfAbsent(event.workerId(), w -> new HashMap<>());
            if (event.data() instanceof WorkerChange change) {
                if (change.managerId() != null) {
                    managers.add(change.managerId());
                }
                nameBases(policy, WorkerFields.of(change.worker())).forEach(bases::putIfAbsent);
            }
        }
        store.open(eventIds, managers, basesByWorker);
        List<String> results = new ArrayList<>(events.size());
        for (HrEvent event : events) {
            results.add(lifecycle.handle(event));
        }
        store.flush();
        return results;
    }

    /** The name base the worker would get in each target the policy entitles them to. */
    private static Map<String, String> nameBases(PolicyDocument policy, Map<String, String> fields) {
        Map<String, Map<String, List<String>>> grants = GrantEvaluator.grants(policy, fields::get);
        Map<String, String> bases = new HashMap<>();
        for (Map.Entry<String, TargetPolicy> target : policy.targets().entrySet()) {
            if (!target.getValue().birthright() && !grants.containsKey(target.getKey())) {
                continue;
            }
            try {
                bases.put(target.getKey(), AccountNames.base(target.getValue().accountName(), fields::get));
            } catch (TemplateException cannotName) {
                // the event fails when it is applied, with this reason
            }
        }
        return bases;
    }
}
