package io.provisioning.ingest.snapshot;

/**
 * One change a snapshot makes, as the API lists it.
 *
 * @param workerId the worker it is about
 * @param type     its CloudEvent type: {@code hr.worker.hired}, {@code .rehired}, {@code .updated} or {@code .terminated}
 */
public record SnapshotEvent(String workerId, String type) {
}
