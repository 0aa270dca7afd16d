package io.provisioning.ingest.messaging;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.provisioning.common.problem.ProblemException;
import io.provisioning.contracts.Json;
import io.provisioning.contracts.Topics;
import io.provisioning.contracts.policy.PolicyChange;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;

/** Publishes snapshot decisions to {@code policy.changes} and waits for the broker's ack. */
@ApplicationScoped
public class PolicyChangePublisher {

    private static final ObjectMapper MAPPER = Json.mapper();

    @Inject
    IngestProducer producer;

    /**
     * @throws ProblemException 503 if the broker does not acknowledge in time
     */
    public void publish(PolicyChange change) {
        producer.publishAll(List.of(new IngestProducer.Outgoing(Topics.POLICY_CHANGES, change.key(), json(change))),
                "Kafka did not acknowledge the decision in time. Retry the request.");
    }

    private static String json(PolicyChange change) {
        try {
            return MAPPER.writeValueAsString(change);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write policy change " + change.id(), e);
        }
    }
}
