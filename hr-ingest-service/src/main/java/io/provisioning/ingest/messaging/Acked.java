package io.provisioning.ingest.messaging;

import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import io.provisioning.common.problem.Problem;
import io.provisioning.common.problem.ProblemException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jboss.logging.Logger;
import org.eclipse.microprofile.reactive.messaging.Emitter;

/** Sends through an emitter and waits for the broker's acknowledgements (acks=all). */
final class Acked {

    private static final Logger LOG = Logger.getLogger(Acked.class);

    private Acked() {
    }

    /** Completes when the broker acknowledged the record (acks=all), exceptionally when it did not. */
    static CompletableFuture<Void> send(Emitter<String> emitter, String key, String json) {
        CompletableFuture<Void> ack = new CompletableFuture<>();
        emitter.send(KafkaRecord.of(key, json)
                .withAck(() -> {
                    ack.complete(null);
                    return CompletableFuture.completedFuture(null);
                })
                .withNack(failure -> {
                    ack.completeExceptionally(failure);
                    return CompletableFuture.completedFuture(null);
                }));
        return ack;
    }

    /**
     * Waits for every acknowledgement.
     *
     * @param unacknowledged the problem detail when one does not come in time
     * @throws ProblemException 503 if any record was not acknowledged in time
     */
    static void await(List<CompletableFuture<Void>> acks, Duration timeout, String unacknowledged) {
        try {
            CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            LOG.warnf("Kafka did not acknowledge %d record(s): %s", acks.size(), e.getClass().getSimpleName());
            throw unavailable(unacknowledged);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable(unacknowledged);
        }
    }

    private static ProblemException unavailable(String detail) {
        return new ProblemException(Problem.of("broker-unavailable", "Service unavailable", 503, detail));
    }
}
