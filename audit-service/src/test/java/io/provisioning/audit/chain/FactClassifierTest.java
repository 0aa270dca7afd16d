package io.provisioning.audit.chain;

import static org.assertj.core.api.Assertions.assertThat;

import io.provisioning.audit.messaging.IncomingFact;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Classification never fails: a record that cannot be kept as canonical JSON is kept with its bytes. */
class FactClassifierTest {

    private final FactClassifier classifier = new FactClassifier(List.of("email"));

    @Test
    void aNumberWithNoPlainFormIsKeptAsUnparseableWithItsBytesInsteadOfStoppingTheChannel() {
        for (String value : new String[] {"{\"id\":\"x\",\"n\":1e-10000}", "{\"n\":1E-99999}"}) {
            byte[] raw = value.getBytes(StandardCharsets.UTF_8);

            ClassifiedFact fact = classifier.classify(new IncomingFact("hr.events.inbound.dlq", 0, 7, "k", raw,
                    Map.of("dead-letter-reason", "invalid")));

            assertThat(fact.type()).isEqualTo(FactClassifier.UNPARSEABLE);
            assertThat(fact.payload()).contains(Base64.getEncoder().encodeToString(raw)).contains("canonical");
        }
    }

    @Test
    void hostileRecordsAreEachKeptOrExplained() {
        List<byte[]> corpus = List.of("{\"n\":1e400}".getBytes(StandardCharsets.UTF_8),
                ("[".repeat(2000) + "]".repeat(2000)).getBytes(StandardCharsets.UTF_8),
                new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'},
                "{\"a\":\"\u0000\"}".getBytes(StandardCharsets.UTF_8),
                "{\"a\":1,\"a\":2}".getBytes(StandardCharsets.UTF_8),
                new byte[0]);
        for (byte[] raw : corpus) {
            ClassifiedFact fact = classifier.classify(new IncomingFact("policy.changes", 0, 1, "k", raw, Map.of()));
            assertThat(fact.payload()).isNotBlank();
        }
        assertThat(classifier.classify(new IncomingFact("policy.changes", 0, 1, "k", null, Map.of())).type())
                .isEqualTo(FactClassifier.UNPARSEABLE);
    }
}
