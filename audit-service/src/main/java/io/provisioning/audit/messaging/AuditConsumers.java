package io.provisioning.audit.messaging;

import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Records every topic of the contract: hr.events, provisioning.commands.* (pattern),
 * provisioning.outcomes, policy.changes and the dead-letter topics. Each channel is processed in
 * order; a record is acknowledged once stored.
 */
@ApplicationScoped
public class AuditConsumers {

    @Inject
    FactRecorder recorder;

    @Incoming("hr-events")
    @Blocking
    public void hrEvent(ConsumerRecord<String, String> record) {
        recorder.record(record);
    }

    @Incoming("commands")
    @Blocking
    public void command(ConsumerRecord<String, String> record) {
        recorder.record(record);
    }

    @Incoming("outcomes")
    @Blocking
    public void outcome(ConsumerRecord<String, String> record) {
        recorder.record(record);
    }

    @Incoming("policy-changes")
    @Blocking
    public void policyChange(ConsumerRecord<String, String> record) {
        recorder.record(record);
    }

    @Incoming("dead-letters")
    @Blocking
    public void deadLetter(ConsumerRecord<String, String> record) {
        recorder.record(record);
    }
}
