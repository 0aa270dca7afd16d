package io.provisioning.connector.runtime;

import static org.awaitility.Awaitility.await;

import io.provisioning.contracts.Json;
import io.provisioning.contracts.Topics;
import io.provisioning.contracts.command.OutcomeStatus;
import io.provisioning.contracts.command.ProvisioningOutcome;
import io.provisioning.testsupport.TopicProbe;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/** Reads the outcomes connector-service published on provisioning.outcomes, for the tests. */
public final class OutcomeProbe {

    private OutcomeProbe() {
    }

    /** Every outcome of one command, in the order published. */
    public static List<ProvisioningOutcome> outcomesOf(String kafka, String commandId) {
        return TopicProbe.readAll(kafka, Topics.OUTCOMES).stream()
                .map(r -> read(r.value()))
                .filter(o -> o.commandId().equals(commandId))
                .toList();
    }

    /** The first outcome of the command with one of the statuses, once there is one. */
    public static ProvisioningOutcome awaitOutcome(String kafka, String commandId, OutcomeStatus... statuses) {
        Set<OutcomeStatus> wanted = Set.of(statuses);
        return await().atMost(Duration.ofSeconds(40)).until(
                () -> outcomesOf(kafka, commandId).stream().filter(o -> wanted.contains(o.status())).findFirst()
                        .orElse(null),
                o -> o != null);
    }

    private static ProvisioningOutcome read(String json) {
        try {
            return Json.mapper().readValue(json, ProvisioningOutcome.class);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
