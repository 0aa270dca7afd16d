package io.provisioning.common.kafka;

import java.util.Optional;

/**
 * Finds the network thread of a Kafka producer. That thread sends every record; Kafka gives it an
 * uncaught-exception handler of its own that only logs, so an Error that ends it leaves a producer
 * whose sends time out while the process looks healthy. A service that checks the thread's
 * liveness can say so in its readiness.
 */
public final class ProducerThreads {

    /** Kafka's name for a producer's sender thread, followed by the producer's {@code client.id}. */
    public static final String NAME_PREFIX = "kafka-producer-network-thread | ";

    private ProducerThreads() {
    }

    /** The network thread of the producer with this {@code client.id}, if one is running. */
    public static Optional<Thread> networkThread(String clientId) {
        String name = NAME_PREFIX + clientId;
        return Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> thread.getName().equals(name) && thread.isAlive())
                .findFirst();
    }
}
