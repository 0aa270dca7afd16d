package io.provisioning.ingest.snapshot;

/**
 * A worker as the last applied snapshot of a source left them.
 *
 * @param record  the worker record as canonical JSON
 * @param present false once a snapshot no longer listed them (they were terminated)
 */
public record KnownWorker(String record, boolean present) {
}
