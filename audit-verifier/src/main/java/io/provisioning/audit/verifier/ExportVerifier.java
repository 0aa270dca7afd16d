package io.provisioning.audit.verifier;

import com.fasterxml.jackson.databind.JsonNode;
import io.provisioning.audit.chain.CanonicalJson;
import io.provisioning.audit.chain.ChainedRecord;
import io.provisioning.audit.chain.HashChain;
import java.io.BufferedReader;
import java.io.IOException;
import java.security.PublicKey;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Checks a whole export of the trail ({@code GET /api/v1/audit/export?format=ndjson}, one record a
 * line, from the first record) against the signed checkpoints: every record's hash recomputed,
 * every link to its predecessor, then the chain against the checkpoints. Reads the export once, a
 * line at a time: it never holds the trail in memory.
 */
public final class ExportVerifier {

    /**
     * @param valid          true when the chain is intact and agrees with every signed checkpoint
     * @param records        how many records the export holds up to the first broken one
     * @param firstBrokenSeq the first sequence number that cannot be trusted (null when valid)
     * @param reason         what is wrong (null when valid)
     * @param newestCheckpoint the newest signed checkpoint checked (null when none was given)
     */
    public record Result(boolean valid, long records, Long firstBrokenSeq, String reason, SignedCheckpoint newestCheckpoint) {
    }

    private ExportVerifier() {
    }

    public static Result verify(BufferedReader export, List<SignedCheckpoint> checkpoints, PublicKey key) throws IOException {
        Set<Long> anchored = checkpoints.stream().map(SignedCheckpoint::seq).collect(Collectors.toSet());
        Map<Long, String> hashes = new HashMap<>();
        SignedCheckpoint newest = checkpoints.stream().max(java.util.Comparator.comparingLong(SignedCheckpoint::seq))
                .orElse(null);
        long expectedSeq = 1;
        String expectedPrev = HashChain.GENESIS;
        String line;
        int lineNumber = 0;
        while ((line = export.readLine()) != null) {
            lineNumber++;
            if (line.isBlank()) {
                continue;
            }
            ChainedRecord record;
            String prevHash;
            String hash;
            try {
                JsonNode row = CanonicalJson.parse(line);
                record = new ChainedRecord(row.path("seq").asLong(-1), Instant.parse(row.path("recordedAt").asText()),
                        text(row, "type"), text(row, "workerId"), text(row, "targetId"), text(row, "correlationId"),
                        text(row, "sourceTopic"), row.path("sourcePartition").asInt(), row.path("sourceOffset").asLong(),
                        CanonicalJson.write(row.get("payload")));
                prevHash = text(row, "prevHash");
                hash = text(row, "hash");
            } catch (RuntimeException | IOException e) {
                return new Result(false, expectedSeq - 1, expectedSeq, "line " + lineNumber + " is not an exported record", newest);
            }
            if (record.seq() != expectedSeq) {
                return new Result(false, expectedSeq - 1, expectedSeq, "line " + lineNumber + " holds seq " + record.seq()
                        + " where seq " + expectedSeq + " was expected (a record is missing, or the export did not start"
                        + " at the first record)", newest);
            }
            if (!expectedPrev.equals(prevHash) || !HashChain.hash(expectedPrev, record).equals(hash)) {
                return new Result(false, expectedSeq - 1, expectedSeq, "record " + expectedSeq
                        + " does not hash to what the trail says (changed, or its predecessor was)", newest);
            }
            if (anchored.contains(record.seq())) {
                hashes.put(record.seq(), hash);
            }
            expectedPrev = hash;
            expectedSeq++;
        }
        long last = expectedSeq - 1;
        Optional<CheckpointCheck.Finding> finding = CheckpointCheck.check(last, hashes::get, checkpoints, key);
        return finding.map(f -> new Result(false, Math.min(last, f.firstBrokenSeq() - 1), f.firstBrokenSeq(), f.reason(), newest))
                .orElseGet(() -> new Result(true, last, null, null, newest));
    }

    private static String text(JsonNode row, String field) {
        JsonNode value = row.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }
}
