package io.provisioning.contracts;

import java.util.regex.Pattern;

/**
 * Kafka topic names of the external contract. Every topic is keyed by workerId so that all
 * records of one person stay in one partition, in order.
 */
public final class Topics {

    /** Validated HR events, published by hr-ingest-service. */
    public static final String HR_EVENTS = "hr.events";

    /** Raw HR events from HRIS systems that produce to Kafka directly; validated by hr-ingest-service. */
    public static final String HR_EVENTS_INBOUND = "hr.events.inbound";

    /** What a connector did with a command, published by connector-service. */
    public static final String OUTCOMES = "provisioning.outcomes";

    /** Policy activations, snapshot decisions and operator actions. */
    public static final String POLICY_CHANGES = "policy.changes";

    /**
     * The audit service's signed checkpoints of its hash chain (compacted, one key): the newest is the
     * anchor that verification holds the trail against, outside the audit database.
     */
    public static final String AUDIT_CHECKPOINTS = "audit.checkpoints";

    /** Prefix of the per-target command topics. */
    public static final String COMMANDS_PREFIX = "provisioning.commands.";

    /**
     * Prefix of the per-target desired-state topics: compacted, key = workerId, value = the newest
     * command for the worker's account in that target. Read whole by reconciliation.
     */
    public static final String DESIRED_PREFIX = "provisioning.desired.";

    /** Suffix of every dead-letter topic. */
    public static final String DLQ_SUFFIX = ".dlq";

    /** Matches every per-target command topic and its dead-letter topic. */
    public static final Pattern COMMANDS_PATTERN = Pattern.compile("provisioning\\.commands\\..+");

    /** Target ids are used in topic names, so they are restricted to Kafka-safe characters. */
    public static final Pattern TARGET_ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");

    private Topics() {
    }

    /**
     * The command topic of one target.
     *
     * @throws IllegalArgumentException if the target id is not a valid target id
     */
    public static String commands(String targetId) {
        if (targetId == null || !TARGET_ID.matcher(targetId).matches()) {
            throw new IllegalArgumentException("invalid target id: " + targetId);
        }
        return COMMANDS_PREFIX + targetId;
    }

    /**
     * The desired-state topic of one target.
     *
     * @throws IllegalArgumentException if the target id is not a valid target id
     */
    public static String desired(String targetId) {
        return DESIRED_PREFIX + commands(targetId).substring(COMMANDS_PREFIX.length());
    }

    /** The dead-letter topic of a topic. */
    public static String deadLetter(String topic) {
        return topic + DLQ_SUFFIX;
    }
}
