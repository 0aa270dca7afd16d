package io.provisioning.audit.chain;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class HashChainTest {

    private static ChainedRecord record(String payload) {
        return new ChainedRecord(1, Instant.parse("2026-11-26T09:00:00.123456Z"), "hr.worker.hired", "E1", null, "evt",
                "hr.events", 0, 42, payload);
    }

    @Test
    void sameRecordAndPredecessorGiveTheSameHash() {
        assertThat(HashChain.hash(HashChain.GENESIS, record("{}"))).isEqualTo(HashChain.hash(HashChain.GENESIS, record("{}")))
                .hasSize(64);
    }

    @Test
    void anyChangeToTheRecordOrItsPredecessorChangesTheHash() {
        String base = HashChain.hash(HashChain.GENESIS, record("{\"a\":1}"));

        assertThat(HashChain.hash(HashChain.GENESIS, record("{\"a\":2}"))).isNotEqualTo(base);
        assertThat(HashChain.hash("1".repeat(64), record("{\"a\":1}"))).isNotEqualTo(base);
    }

    @Test
    void recordBytesAreTheSortedTreeOfItsFields() {
        ChainedRecord record = new ChainedRecord(9, Instant.parse("2026-11-26T09:00:00.000001Z"), "t\"ype", "Zoë",
                null, "c/1", "hr.events", 2, 77, "{\"a\":\"\\u0000\"}");
        var tree = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        tree.put("seq", 9L).put("recordedAt", "2026-11-26T09:00:00.000001Z").put("type", "t\"ype")
                .put("workerId", "Zoë").put("targetId", (String) null).put("correlationId", "c/1")
                .put("sourceTopic", "hr.events").put("sourcePartition", 2).put("sourceOffset", 77L)
                .put("payload", "{\"a\":\"\\u0000\"}");

        assertThat(new String(HashChain.canonicalBytes(record), java.nio.charset.StandardCharsets.UTF_8))
                .isEqualTo(CanonicalJson.write(tree));
    }

    @Test
    void bytesWrittenAsUtf8AreTheBytesOfTheStringFormForEveryKindOfText() {
        // the hashes of stored records were computed over the string form: the fast path must not change them
        for (String text : new String[] {"{\"a\":1}", "Zoë Łukasz Nguyễn 山田", "emoji \uD83D\uDE00 pair",
                "lone \uD800 high", "lone \uDC00 low", "ctl \u0000\u0001\u001f\u007f", "quote \" slash \\ /",
                "line\nsep\u2028\u2029", ""}) {
            ChainedRecord record = new ChainedRecord(1, Instant.parse("2026-11-26T09:00:00Z"), text, text, text,
                    text, "hr.events", 0, 1, text);

            assertThat(HashChain.canonicalBytes(record)).as(text).isEqualTo(HashChain.canonicalBytesViaString(record));
        }
    }

    @Test
    void partsPreparedBeforeTheRecordIsPlacedGiveTheBytesOfTheWholeRecord() {
        String[] texts = {"{\"a\":1}", "Zoë 山田", "emoji \uD83D\uDE00 pair", "lone \uD800", "\uDC00 lone low",
                "ends high \uD800", "ctl \u0000\u001f", "quote \" slash \\", ""};
        Instant[] times = {Instant.parse("2026-11-26T09:00:00Z"), Instant.parse("2026-11-26T09:00:00.120Z"),
                Instant.parse("1999-12-31T23:59:59.999999Z"), Instant.parse("+10000-01-01T00:00:00Z")};
        long[] seqs = {1, 9, 10, 1_000_000_007L, Long.MAX_VALUE};
        for (String text : texts) {
            for (int i = 0; i < times.length; i++) {
                ChainedRecord record = new ChainedRecord(seqs[(i + text.length()) % seqs.length], times[i], text,
                        i % 2 == 0 ? null : text, text, i == 3 ? null : text, "provisioning.commands.x", i, 7L * i,
                        text);

                assertThat(HashChain.canonicalBytes(record)).as(text + " at " + times[i])
                        .isEqualTo(HashChain.canonicalBytesViaString(record));
            }
        }
    }

    @Test
    void hashingPartsInTheLockGivesTheHashOfTheWholeRecord() throws Exception {
        ChainedRecord record = record("{\"a\":\"Zoë\"}");
        var digest = java.security.MessageDigest.getInstance("SHA-256");
        digest.update((HashChain.GENESIS + "\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        String expected = java.util.HexFormat.of().formatHex(digest.digest(HashChain.canonicalBytesViaString(record)));

        HashChain.Parts parts = HashChain.parts(record.correlationId(), record.payload(), record.sourceTopic(),
                record.sourcePartition(), record.sourceOffset(), record.targetId(), record.type(), record.workerId());

        assertThat(HashChain.hash(HashChain.GENESIS, parts, record.seq(), record.recordedAt())).isEqualTo(expected);
        assertThat(HashChain.hash(HashChain.GENESIS, record)).isEqualTo(expected);
    }

    @Test
    void canonicalTextWrittenFromTheTreeIsTheTextOfItsSortedCopy() throws Exception {
        for (String json : new String[] {"{}", "[]", "{\"b\":1,\"a\":[{\"z\":null,\"y\":true}],\"c\":{}}",
                "{\"n\":[1.50,-0,1E+3,1e-7,12345678901234567890,-9223372036854775808,2147483648,0.1]}",
                "{\"s\":\"Zoë \\u0000 \\\" \\\\ \\u2028 \\ud800 \\uD83D\\uDE00\",\"\\u00e9\":\"é\",\"E\":\"e\",\"\":0}",
                "{\"deep\":[[[{\"b\":[false,{\"d\":1,\"c\":2}]}]]]}"}) {
            JsonNode node = CanonicalJson.parse(json);

            assertThat(CanonicalJson.write(node)).as(json).isEqualTo(CanonicalJson.writeViaSortedCopy(node));
        }
        var built = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode()
                .put("d", 1.5d).put("f", 2.5f).put("l", 3L).put("i", 4).put("t", "x");
        assertThat(CanonicalJson.write(built)).isEqualTo(CanonicalJson.writeViaSortedCopy(built));
        var binary = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode().put("b", new byte[] {1, 2});
        assertThat(CanonicalJson.write(binary)).isEqualTo(CanonicalJson.writeViaSortedCopy(binary));
    }

    @Test
    void canonicalJsonSortsKeysAndKeepsDecimalsAsWritten() throws Exception {
        JsonNode node = CanonicalJson.parse("{ \"b\": 1.50, \"a\": {\"d\": [2, 1], \"c\": null} }");

        assertThat(CanonicalJson.write(node)).isEqualTo("{\"a\":{\"c\":null,\"d\":[2,1]},\"b\":1.50}");
        assertThat(CanonicalJson.write(CanonicalJson.parse(CanonicalJson.write(node)))).isEqualTo(CanonicalJson.write(node));
    }
}
