package io.provisioning.audit.messaging;

import io.micrometer.core.instrument.MeterRegistry;
import io.provisioning.audit.chain.ClassifiedFact;
import io.provisioning.audit.chain.FactClassifier;
import io.provisioning.common.problem.Unavailable;
import io.provisioning.common.runtime.PollBatches;
import io.provisioning.common.runtime.Retry;
import io.provisioning.audit.store.AuditAppender;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.header.Header;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Stores a batch of Kafka records in the trail, retrying while PostgreSQL is unavailable: records
 * are acknowledged to Kafka only once stored, and none is ever skipped.
 */
@ApplicationScoped
public class FactRecorder {

    private static final Logger LOG = Logger.getLogger(FactRecorder.class);

    @Inject
    AuditAppender appender;

    @Inject
    MeterRegistry meters;

    @ConfigProperty(name = "provisioning.audit.store-retry", defaultValue = "PT2S")
    Duration retry;

    @ConfigProperty(name = "provisioning.audit.dropped-worker-fields", defaultValue = "email,preferredName")
    List<String> droppedWorkerFields;

    private FactClassifier classifier;
    /** A batch waits out the database; a record alone is retried until stored or kept as unstorable. */
    private Retry togetherRetry;
    private Retry aloneRetry;

    @PostConstruct
    void init() {
        classifier = new FactClassifier(droppedWorkerFields);
        togetherRetry = Retry.whileUnavailable(retry);
        aloneRetry = Retry.untilDone(retry);
    }

    public void recordAll(ConsumerRecords<String, byte[]> records) {
        List<IncomingFact> facts = new ArrayList<>(records.count());
        for (ConsumerRecord<String, byte[]> record : records) {
            facts.add(new IncomingFact(record.topic(), record.partition(), record.offset(), record.key(),
                    record.value(), headers(record)));
        }
        if (facts.isEmpty()) {
            return;
        }
        try {
            store(facts);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting to store audit records", e);
        }
    }

    /**
     * Stores the facts, waiting out the database's absence. A failure that waiting cannot cure (a
     * record the database refuses) is narrowed down: each record is stored alone, and one that is
     * still refused is kept as {@code unstorable} with its reason, so that no record stops a channel.
     */
    private void store(List<IncomingFact> facts) throws InterruptedException {
        if (facts.size() == 1) {
            storeOne(facts.get(0));
            return;
        }
        PollBatches.togetherOrOneByOne(facts, facts.size() + " record(s) from " + facts.get(0).topic(),
                togetherRetry, () -> append(facts, classifier::classify), this::storeOne);
    }

    /** Stored, or kept as unstorable with the reason it was refused; should even that fail, the database is the problem: tried again. */
    private void storeOne(IncomingFact fact) throws InterruptedException {
        aloneRetry.run("store " + fact.topic() + " " + fact.partition() + "@" + fact.offset(), () -> {
            try {
                append(List.of(fact), classifier::classify);
            } catch (RuntimeException e) {
                if (Unavailable.worthWaitingOut(e)) {
                    throw e;
                }
                keepAsUnstorable(fact, e);
            }
        });
    }

    private void keepAsUnstorable(IncomingFact fact, RuntimeException refused) {
        append(List.of(fact), f -> FactClassifier.unstorable(f, "refused by the audit store ("
                + refused.getClass().getSimpleName() + ")"));
        meters.counter("provisioning.audit.records", "outcome", "unstorable").increment();
        LOG.warnf("%s %d@%d was refused by the audit store and is kept as unstorable with its reason",
                fact.topic(), fact.partition(), fact.offset());
    }

    private void append(List<IncomingFact> facts, Function<IncomingFact, ClassifiedFact> classify) {
        AuditAppender.Appended appended = appender.append(facts, classify);
        meters.counter("provisioning.audit.records", "outcome", "stored").increment(appended.stored());
        meters.counter("provisioning.audit.records", "outcome", "redelivery").increment(appended.redelivered());
        meters.counter("provisioning.audit.records", "outcome", "duplicate-fact").increment(appended.duplicateFacts());
        if (appended.duplicateFacts() > 0) {
            LOG.infof("%d record(s) from %s carried a fact already in the trail (published again after a"
                    + " crash); each fact is kept once", appended.duplicateFacts(), facts.get(0).topic());
        }
    }

    private static Map<String, String> headers(ConsumerRecord<String, byte[]> record) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (Header header : record.headers()) {
            if (header.value() != null) {
                headers.put(header.key(), new String(header.value(), StandardCharsets.UTF_8));
            }
        }
        return headers;
    }
}
