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
    void canonicalJsonSortsKeysAndKeepsDecimalsAsWritten() throws Exception {
        JsonNode node = CanonicalJson.parse("{ \"b\": 1.50, \"a\": {\"d\": [2, 1], \"c\": null} }");

        assertThat(CanonicalJson.write(node)).isEqualTo("{\"a\":{\"c\":null,\"d\":[2,1]},\"b\":1.50}");
        assertThat(CanonicalJson.write(CanonicalJson.parse(CanonicalJson.write(node)))).isEqualTo(CanonicalJson.write(node));
    }
}
