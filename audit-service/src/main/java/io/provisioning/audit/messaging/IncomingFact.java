package io.provisioning.audit.messaging;

import java.util.Map;

/** One Kafka record as the audit trail receives it, whatever its topic; the value as raw bytes. */
public record IncomingFact(String topic, int partition, long offset, String key, byte[] value,
                           Map<String, String> headers) {
}
