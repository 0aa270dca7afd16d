package io.provisioning.ingest.snapshot;

/** Where a snapshot stands. */
public enum SnapshotStatus {
    /** Accepted; its events are being published (resumed after a restart). */
    PUBLISHING,
    /** Its events are on hr.events and it is the source's current state. */
    APPLIED,
    /** Over the termination threshold: nothing published until an operator decides. */
    HELD,
    /** An operator refused it: nothing was published. */
    REJECTED,
    /** A newer snapshot of the same source was accepted while this one was held. */
    SUPERSEDED
}
