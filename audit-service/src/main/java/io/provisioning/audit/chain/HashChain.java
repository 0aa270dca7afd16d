package io.provisioning.audit.chain;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
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
     * gives the same bytes as sorting a tree, without building one; written as UTF-8 directly,
     * without an intermediate string.
     */
    static byte[] canonicalBytes(ChainedRecord record) {
        if (hasSurrogate(record)) {
            // A lone surrogate has no UTF-8 form: the string path writes '?' for it, as it always
            // has, and stored hashes depend on that.
            return canonicalBytesViaString(record);
        }
        ByteArrayBuilder out = new ByteArrayBuilder(record.payload().length() + 256);
        try (JsonGenerator json = CanonicalJson.mapper().getFactory().createGenerator(out, JsonEncoding.UTF8)) {
            write(json, record);
        } catch (IOException e) {
            throw new IllegalStateException("writing to memory cannot fail", e);
        }
        return out.toByteArray();
    }

    /** The same bytes through a string: the reference form, and the one used for lone surrogates. */
    static byte[] canonicalBytesViaString(ChainedRecord record) {
        StringWriter out = new StringWriter(record.payload().length() + 256);
        try (JsonGenerator json = CanonicalJson.mapper().getFactory().createGenerator(out)) {
            write(json, record);
        } catch (IOException e) {
            throw new IllegalStateException("writing to a string cannot fail", e);
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void write(JsonGenerator json, ChainedRecord record) throws IOException {
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
    }

    private static boolean hasSurrogate(ChainedRecord r) {
        return hasSurrogate(r.payload()) || hasSurrogate(r.correlationId()) || hasSurrogate(r.type())
                || hasSurrogate(r.workerId()) || hasSurrogate(r.targetId()) || hasSurrogate(r.sourceTopic());
    }

    private static boolean hasSurrogate(String value) {
        if (value == null) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            if (Character.isSurrogate(value.charAt(i))) {
                return true;
            }
        }
        return false;
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
