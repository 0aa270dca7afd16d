package io.provisioning.ingest.intake;

import java.util.List;

/**
 * The answer to a publisher.
 *
 * @param accepted   ids published to {@code hr.events} by this request, in request order
 * @param duplicates ids not published again: seen earlier in the batch or in an earlier request
 */
public record IntakeResult(List<String> accepted, List<String> duplicates) {
}
