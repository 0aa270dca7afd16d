package io.provisioning.ingest.messaging;

import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import java.util.concurrent.CompletableFuture;
import org.eclipse.microprofile.reactive.messaging.Emitter;

/** Sends through an emitter and hands back the broker's acknowledgement as a future. */
final class Acked {

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
}
