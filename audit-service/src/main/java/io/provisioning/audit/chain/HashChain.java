package io.provisioning.audit.chain;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * hash = SHA-256(prevHash, canonical bytes of the record). Any change to a stored record, its
 * order or its predecessor changes every hash after it.
 */
public final class HashChain {

    /** The predecessor of the first record. */
    public static final String GENESIS = "0".repeat(64);

    private HashChain() {
    }

    /** The hex SHA-256 of a record chained to its predecessor's hash. */
    public static String hash(String prevHash, ChainedRecord record) {
        MessageDigest digest = sha256();
        digest.update(prevHash.getBytes(StandardCharsets.US_ASCII));
        digest.update((byte) '\n');
        digest.update(canonicalBytes(record));
        return HexFormat.of().formatHex(digest.digest());
    }

    /** The canonical bytes of a record: its fields as canonical JSON, payload embedded as text. */
    static byte[] canonicalBytes(ChainedRecord record) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("seq", record.seq());
        node.put("recordedAt", record.recordedAt().toString());
        node.put("type", record.type());
        node.put("workerId", record.workerId());
        node.put("targetId", record.targetId());
        node.put("correlationId", record.correlationId());
        node.put("sourceTopic", record.sourceTopic());
        node.put("sourcePartition", record.sourcePartition());
        node.put("sourceOffset", record.sourceOffset());
        node.put("payload", record.payload());
        return CanonicalJson.write(node).getBytes(StandardCharsets.UTF_8);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
