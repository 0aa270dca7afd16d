package io.provisioning.audit.verifier;

import static org.assertj.core.api.Assertions.assertThat;

import io.provisioning.audit.chain.ChainedRecord;
import io.provisioning.audit.chain.HashChain;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExportVerifierTest {

    private static final KeyPair AUDIT_KEY = keyPair();
    private static final KeyPair OTHER_KEY = keyPair();
    private static final Instant T0 = Instant.parse("2026-12-01T09:00:00.123456Z");

    /** A trail of n records, exported one JSON line each, as the export endpoint writes them. */
    private static List<String> trail(int n) {
        List<String> lines = new ArrayList<>();
        String prev = HashChain.GENESIS;
        for (int seq = 1; seq <= n; seq++) {
            String[] line = line(seq, prev, "{\"n\":" + seq + ",\"workerId\":\"W-" + seq + "\"}");
            lines.add(line[0]);
            prev = line[1];
        }
        return lines;
    }

    /** [the export line, its hash] of a record linked to {@code prev}; the payload canonical, as the trail stores it. */
    private static String[] line(int seq, String prev, String payload) {
        ChainedRecord record = new ChainedRecord(seq, T0.plusSeconds(seq), "hr.event", "W-" + seq, null,
                "c-" + seq, "hr.events", seq % 3, seq, payload);
        String hash = HashChain.hash(prev, record);
        String json = "{\"seq\":" + seq + ",\"recordedAt\":\"" + record.recordedAt() + "\",\"type\":\"hr.event\","
                + "\"workerId\":\"W-" + seq + "\",\"targetId\":null,\"correlationId\":\"c-" + seq + "\","
                + "\"sourceTopic\":\"hr.events\",\"sourcePartition\":" + (seq % 3) + ",\"sourceOffset\":" + seq
                + ",\"payload\":" + payload + ",\"prevHash\":\"" + prev + "\",\"hash\":\"" + hash + "\"}";
        return new String[] {json, hash};
    }

    private static String hashOf(String line) {
        return line.replaceAll(".*\"hash\":\"([0-9a-f]{64})\".*", "$1");
    }

    private static SignedCheckpoint checkpoint(List<String> lines, int seq, KeyPair key) {
        return SignedCheckpoint.sign(seq, hashOf(lines.get(seq - 1)), T0.plusSeconds(1000 + seq), key.getPrivate());
    }

    private static ExportVerifier.Result verify(List<String> lines, List<SignedCheckpoint> checkpoints) throws IOException {
        return ExportVerifier.verify(new BufferedReader(new StringReader(String.join("\n", lines))), checkpoints,
                AUDIT_KEY.getPublic());
    }

    @Test
    void anIntactTrailAgreesWithItsSignedCheckpoints() throws IOException {
        List<String> lines = trail(50);
        ExportVerifier.Result result = verify(lines, List.of(checkpoint(lines, 20, AUDIT_KEY), checkpoint(lines, 50, AUDIT_KEY)));
        assertThat(result.valid()).isTrue();
        assertThat(result.records()).isEqualTo(50);
        assertThat(result.firstBrokenSeq()).isNull();
    }

    @Test
    void newestRecordsRemovedAreFoundByTheNewestCheckpoint() throws IOException {
        List<String> lines = trail(50);
        SignedCheckpoint newest = checkpoint(lines, 50, AUDIT_KEY);
        ExportVerifier.Result result = verify(lines.subList(0, 45), List.of(checkpoint(lines, 20, AUDIT_KEY), newest));
        assertThat(result.valid()).isFalse();
        assertThat(result.firstBrokenSeq()).isEqualTo(46);
        assertThat(result.reason()).contains("records were removed");
    }

    @Test
    void aRecordRewrittenWithEveryHashAfterItIsFoundBetweenTwoCheckpoints() throws IOException {
        List<String> lines = trail(50);
        List<SignedCheckpoint> checkpoints = List.of(checkpoint(lines, 20, AUDIT_KEY), checkpoint(lines, 50, AUDIT_KEY));
        // the owner rewrites record 30 and re-chains everything after it: the chain is valid in itself
        List<String> rewritten = new ArrayList<>(lines.subList(0, 29));
        String prev = hashOf(lines.get(28));
        for (int seq = 30; seq <= 50; seq++) {
            String payload = seq == 30 ? "{\"n\":\"changed\",\"workerId\":\"W-30\"}" : "{\"n\":" + seq + ",\"workerId\":\"W-" + seq + "\"}";
            String[] line = line(seq, prev, payload);
            rewritten.add(line[0]);
            prev = line[1];
        }
        ExportVerifier.Result chainOnly = verify(rewritten, List.of());
        assertThat(chainOnly.valid()).as("the re-chained trail alone").isTrue();

        ExportVerifier.Result result = verify(rewritten, checkpoints);
        assertThat(result.valid()).isFalse();
        assertThat(result.firstBrokenSeq()).isEqualTo(21);
        assertThat(result.reason()).contains("record 50").contains("rewritten");
    }

    @Test
    void aRecordChangedInPlaceIsFoundAtItsOwnSeq() throws IOException {
        List<String> lines = new ArrayList<>(trail(10));
        lines.set(6, lines.get(6).replace("\"n\":7", "\"n\":8"));
        ExportVerifier.Result result = verify(lines, List.of());
        assertThat(result.valid()).isFalse();
        assertThat(result.firstBrokenSeq()).isEqualTo(7);
        assertThat(result.records()).isEqualTo(6);
    }

    @Test
    void aCheckpointNotSignedByTheAuditKeyIsReportedAsForged() throws IOException {
        List<String> lines = trail(10);
        SignedCheckpoint forged = checkpoint(lines, 10, OTHER_KEY);
        ExportVerifier.Result result = verify(lines, List.of(checkpoint(lines, 5, AUDIT_KEY), forged));
        assertThat(result.valid()).isFalse();
        assertThat(result.reason()).contains("not signed by the audit service's key");

        SignedCheckpoint farAhead = SignedCheckpoint.sign(1_000_000, "f".repeat(64), T0, OTHER_KEY.getPrivate());
        assertThat(verify(lines, List.of(farAhead)).firstBrokenSeq()).isEqualTo(11);
    }

    @Test
    void aCheckpointWhoseFieldsWereChangedAfterSigningNoLongerVerifies() {
        SignedCheckpoint signed = SignedCheckpoint.sign(10, "a".repeat(64), T0, AUDIT_KEY.getPrivate());
        assertThat(signed.verifiedBy(AUDIT_KEY.getPublic())).isTrue();
        assertThat(new SignedCheckpoint(11, signed.hash(), signed.signedAt(), signed.signature())
                .verifiedBy(AUDIT_KEY.getPublic())).isFalse();
        assertThat(SignedCheckpoint.parse(signed.toJson())).isEqualTo(signed);
    }

    @Test
    void theCommandLineSaysValidOrInvalidWithTheFirstBadSeqAndExitsAccordingly(@TempDir Path dir) throws IOException {
        List<String> lines = trail(30);
        Path export = Files.writeString(dir.resolve("trail.ndjson"), String.join("\n", lines) + "\n");
        Path tail = Files.writeString(dir.resolve("tail-removed.ndjson"), String.join("\n", lines.subList(0, 27)) + "\n");
        Path checkpoints = Files.writeString(dir.resolve("checkpoints.ndjson"),
                checkpoint(lines, 10, AUDIT_KEY).toJson() + "\n" + checkpoint(lines, 30, AUDIT_KEY).toJson() + "\n");
        Path key = Files.writeString(dir.resolve("audit.pub"), "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder().encodeToString(AUDIT_KEY.getPublic().getEncoded()) + "\n-----END PUBLIC KEY-----\n");

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int valid = AuditVerifier.run(new String[] {"--export", export.toString(), "--checkpoints", checkpoints.toString(),
                "--public-key", key.toString()}, new PrintStream(out, true, StandardCharsets.UTF_8), System.err);
        assertThat(valid).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("VALID: 30 records");

        out.reset();
        int invalid = AuditVerifier.run(new String[] {"--export", tail.toString(), "--checkpoints", checkpoints.toString(),
                "--public-key", key.toString()}, new PrintStream(out, true, StandardCharsets.UTF_8), System.err);
        assertThat(invalid).isEqualTo(1);
        assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("INVALID from seq 28");

        assertThat(AuditVerifier.run(new String[] {"--export", export.toString()}, System.out,
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8))).isEqualTo(2);
    }

    private static KeyPair keyPair() {
        try {
            return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
