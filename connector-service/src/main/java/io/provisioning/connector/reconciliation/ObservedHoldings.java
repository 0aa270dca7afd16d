package io.provisioning.connector.reconciliation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.provisioning.connector.runtime.RecordPublisher;
import io.provisioning.connector.spi.ConnectorAccount;
import io.provisioning.contracts.Json;
import io.provisioning.contracts.Topics;
import io.provisioning.contracts.command.ProvisioningCommand;
import io.provisioning.contracts.policy.ObservedAccess;
import io.provisioning.contracts.policy.PolicyChange;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * The accounts a report-mode run found holding managed groups beyond their desired state, published
 * at the run's end as {@link ObservedAccess} parts on policy.changes, where policy-service checks
 * them against the separation-of-duties rules and the audit trail keeps them.
 */
final class ObservedHoldings {

    private static final ObjectMapper MAPPER = Json.mapper();

    private final List<ObservedAccess.Holding> holdings = new ArrayList<>();

    void add(ConnectorAccount actual, ProvisioningCommand desired) {
        Set<String> extra = DriftDetector.extraGroups(actual, desired);
        if (!extra.isEmpty()) {
            holdings.add(new ObservedAccess.Holding(desired.workerId(), actual.accountId(), List.copyOf(extra)));
        }
    }

    /** Sends the run's parts (one empty part when it found nothing), in order under the target's key. */
    List<Future<RecordMetadata>> publish(RecordPublisher publisher, String targetId, String runId, String actor,
                                         Clock clock) {
        List<Future<RecordMetadata>> sent = new ArrayList<>();
        int parts = Math.max(1, (holdings.size() + ObservedAccess.MAX_ACCOUNTS - 1) / ObservedAccess.MAX_ACCOUNTS);
        for (int part = 1; part <= parts; part++) {
            List<ObservedAccess.Holding> slice = holdings.subList((part - 1) * ObservedAccess.MAX_ACCOUNTS,
                    Math.min(holdings.size(), part * ObservedAccess.MAX_ACCOUNTS));
            ObservedAccess fact = new ObservedAccess(runId + "-observed-" + part, clock.instant(), actor, targetId, runId,
                    part, part == parts, slice);
            try {
                sent.add(publisher.send(Topics.POLICY_CHANGES, fact.key(),
                        MAPPER.writerFor(PolicyChange.class).writeValueAsString(fact), Map.of()));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("observed access not serialisable", e);
            }
        }
        return sent;
    }
}
