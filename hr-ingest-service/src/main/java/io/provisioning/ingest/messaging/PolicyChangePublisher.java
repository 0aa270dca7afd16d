package io.provisioning.ingest.messaging;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.provisioning.common.problem.ProblemException;
import io.provisioning.contracts.Json;
import io.provisioning.contracts.policy.PolicyChange;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;

/** Publishes snapshot decisions to {@code policy.changes} and waits for the broker's ack. */
@ApplicationScoped
public class PolicyChangePublisher {

    private static final ObjectMapper MAPPER = Json.mapper();

    @Inject
    @Channel("policy-changes-out")
    Emitter<String> emitter;

    @ConfigProperty(name = "provisioning.ingest.publish-timeout", defaultValue = "PT35S")
    Duration timeout;

    /**
     * @throws ProblemException 503 if the broker does not acknowledge in time
     */
    public void publish(PolicyChange change) {
        Acked.await(List.of(Acked.send(emitter, change.key(), json(change))), timeout,
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
