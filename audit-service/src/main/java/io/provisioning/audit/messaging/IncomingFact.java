package io.provisioning.audit.messaging;

import java.util.Map;

/** One Kafka record as the audit trail receives it, whatever its topic. */
public record IncomingFact(String topic, int partition, long offset, String key, String value,
                           Map<String, String> headers) {
}
