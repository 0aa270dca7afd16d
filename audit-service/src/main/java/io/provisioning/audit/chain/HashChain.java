package io.provisioning.audit.chain;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
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

    /**
     * The canonical bytes of a record: its fields as canonical JSON (keys in sorted order, no
     * whitespace), the payload embedded as a string. Written field by field in sorted order, which
     * gives the same bytes as sorting a tree, without building one.
     */
    static byte[] canonicalBytes(ChainedRecord record) {
        StringWriter out = new StringWriter(record.payload().length() + 256);
        try (JsonGenerator json = CanonicalJson.mapper().getFactory().createGenerator(out)) {
            json.writeStartObject();
            stringField(json, "correlationId", record.correlationId());
            stringField(json, "payload", record.payload());
            stringField(json, "recordedAt", record.recordedAt().toString());
            json.writeNumberField("seq", record.seq());
            json.writeNumberField("sourceOffset", record.sourceOffset());
            json.writeNumberField("sourcePartition", record.sourcePartition());
            stringField(json, "sourceTopic", record.sourceTopic());
            stringField(json, "targetId", record.targetId());
            stringField(json, "type", record.type());
            stringField(json, "workerId", record.workerId());
            json.writeEndObject();
        } catch (IOException e) {
            throw new IllegalStateException("writing to a string cannot fail", e);
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void stringField(JsonGenerator json, String name, String value) throws IOException {
        if (value == null) {
            json.writeNullField(name);
        } else {
            json.writeStringField(name, value);
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
