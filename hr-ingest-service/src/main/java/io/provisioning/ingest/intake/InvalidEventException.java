package io.provisioning.ingest.intake;

/**
 * An inbound Kafka record that is not a valid HR event. Its message is the reason written to the
 * dead-letter record's headers: field pointers and rules only, never the offending values.
 */
public class InvalidEventException extends Exception {

    public InvalidEventException(String reason) {
        super(reason, null, false, false);
    }
}
