package io.provisioning.policy.messaging;

import io.micrometer.core.instrument.MeterRegistry;
import io.provisioning.common.runtime.PollBatches;
import io.provisioning.common.runtime.Retry;
import io.provisioning.contracts.ContractReader;
import io.provisioning.contracts.hr.HrEvent;
import io.provisioning.policy.lifecycle.BatchHandler;
import io.provisioning.policy.lifecycle.EvaluationFailures;
import io.provisioning.policy.lifecycle.TerminationBurstGuard;
import io.provisioning.policy.naming.TemplateException;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Consumes {@code hr.events}, a poll at a time, in order per partition. A batch is applied in one
 * transaction; when that fails, each event is applied on its own, so that an event the policy
 * cannot evaluate is kept with its reason while the others flow. A transient failure (database
 * down) is retried in place: nothing is skipped, and offsets are committed only after the batch.
 */
@ApplicationScoped
public class HrEventsConsumer {

    private static final Logger LOG = Logger.getLogger(HrEventsConsumer.class);
    private static final int MAX_ATTEMPTS = 5;
    private static final Retry APPLYING = Retry.whileUnavailable(Duration.ofSeconds(2)).otherFailuresTried(MAX_ATTEMPTS);

    @Inject
    BatchHandler batch;

    @Inject
    EvaluationFailures failures;

    @Inject
    TerminationBurstGuard guard;

    @Inject
    MeterRegistry meters;

    @Incoming("hr-events")
    @Blocking
    public void consume(ConsumerRecords<String, String> records) throws InterruptedException {
        List<HrEvent> events = new ArrayList<>(records.count());
        Map<String, Instant> accepted = new HashMap<>();
        for (ConsumerRecord<String, String> record : records) {
            try {
                HrEvent event = ContractReader.HR_EVENT.read(record.value());
                events.add(event);
                // hr-ingest publishes before it answers 202: the record time is the acceptance
                accepted.putIfAbsent(event.id(), Instant.ofEpochMilli(record.timestamp()));
            } catch (Exception e) {
                // hr-ingest validated it; a record that is not an HR event is kept by the audit trail
                LOG.warnf("hr.events %d@%d is not an HR event; skipped", record.partition(), record.offset());
                meters.counter("provisioning.policy.events", "result", "unreadable").increment();
            }
        }
        if (events.isEmpty()) {
            return;
        }
        applyAll(events, accepted);
    }

    private void applyAll(List<HrEvent> events, Map<String, Instant> accepted) throws InterruptedException {
        // the burst guard's admissions for the batch's terminations, taken before its transaction
        TerminationBurstGuard.Admissions admissions;
        try {
            admissions = guard.take(events);
        } catch (RuntimeException databaseAway) {
            admissions = null; // each termination then takes its own, when the batch or its events are applied
        }
        TerminationBurstGuard.Admissions taken = admissions;
        boolean together = PollBatches.togetherOrOneByOne(events, events.size() + " HR events", Retry.never(), () -> {
            try {
                guard.during(taken, () -> batch.handleAll(events, accepted)).forEach(this::count);
            } catch (Exception e) {
                // an event the policy cannot evaluate, a name taken meanwhile, the database away: each
                // event alone, each termination with an admission of its own
                guard.giveBack(taken, false);
                throw e instanceof RuntimeException failure ? failure : new IllegalStateException(e);
            }
        }, event -> handleOne(event, accepted));
        meters.counter("provisioning.policy.batches", "result", together ? "applied" : "split").increment();
        if (together) {
            guard.giveBack(taken, true);
        }
    }

    private void handleOne(HrEvent event, Map<String, Instant> accepted) throws InterruptedException {
        try {
            count(APPLYING.call("apply " + event.id(), () -> {
                try {
                    return batch.handleAll(List.of(event), accepted).get(0);
                } catch (TemplateException | IllegalArgumentException e) {
                    failures.record(event, e.getMessage());
                    return "failed";
                }
            }));
        } catch (RuntimeException e) {
            // not the database being away: keep the event with its reason rather than block the partition
            LOG.errorf(e, "cannot apply %s after %d attempts; recorded as failed", event.id(), MAX_ATTEMPTS);
            failures.record(event, "internal error (" + e.getClass().getSimpleName() + ")");
            count("failed");
        }
    }

    private void count(String result) {
        meters.counter("provisioning.policy.events", "result", result).increment();
    }
}
