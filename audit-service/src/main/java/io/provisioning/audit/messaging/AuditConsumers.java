package io.provisioning.audit.messaging;

import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Records every topic of the contract: hr.events, provisioning.commands.* (pattern),
 * provisioning.outcomes, policy.changes and the dead-letter topics. Each channel is processed in
 * order, a poll's batch at a time; a batch is acknowledged once stored.
 */
@ApplicationScoped
public class AuditConsumers {

    @Inject
    FactRecorder recorder;

    @Incoming("hr-events")
    @Blocking
    public void hrEvent(ConsumerRecords<String, byte[]> records) {
        recorder.recordAll(records);
    }

    @Incoming("commands")
    @Blocking
    public void command(ConsumerRecords<String, byte[]> records) {
        recorder.recordAll(records);
    }

    @Incoming("outcomes")
    @Blocking
    public void outcome(ConsumerRecords<String, byte[]> records) {
        recorder.recordAll(records);
    }

    @Incoming("policy-changes")
    @Blocking
    public void policyChange(ConsumerRecords<String, byte[]> records) {
        recorder.recordAll(records);
    }

    @Incoming("dead-letters")
    @Blocking
    public void deadLetter(ConsumerRecords<String, byte[]> records) {
        recorder.recordAll(records);
    }
}
