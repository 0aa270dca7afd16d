package io.provisioning.audit.chain;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.function.Consumer;

/**
 * hash = SHA-256(prevHash, canonical bytes of the record). Any change to a stored record, its
 * order or its predecessor changes every hash after it.
 *
 * <p>The canonical bytes are the record's fields as canonical JSON (keys in sorted order, no
 * whitespace), the payload embedded as a string:
 * {@code {"correlationId":…,"payload":…,"recordedAt":…,"seq":…,"sourceOffset":…,…,"workerId":…}}.
 * Only {@code recordedAt} and {@code seq} depend on the record's place in the chain, and they sit
 * together in the middle; so everything before them ({@link Parts#head}) and after them
 * ({@link Parts#tail}) is prepared before the chain is locked, and hashing in the lock is a digest
 * over bytes already made.
 */
public final class HashChain {

    /** The predecessor of the first record. */
    public static final String GENESIS = "0".repeat(64);

    private static final byte[] SEQ_FIELD = "\",\"seq\":".getBytes(StandardCharsets.US_ASCII);
    /** Written raw after the payload: the generator would otherwise open a value it cannot leave open. */
    private static final String RECORDED_AT_FIELD = ",\"recordedAt\":\"";
    private static final ThreadLocal<MessageDigest> SHA_256 = ThreadLocal.withInitial(HashChain::sha256);

    private HashChain() {
    }

    /**
     * The canonical bytes of a record but for seq and recordedAt.
     *
     * @param head from the opening brace to the opening quote of the recordedAt value
     * @param tail from the comma after the seq value to the closing brace
     */
    public record Parts(byte[] head, byte[] tail) {
    }

    /** The parts of a record whose place in the chain is not known yet. */
    public static Parts parts(String correlationId, String payload, String sourceTopic, int sourcePartition,
            long sourceOffset, String targetId, String type, String workerId) {
        boolean viaString = hasSurrogate(payload) || hasSurrogate(correlationId) || hasSurrogate(type)
                || hasSurrogate(workerId) || hasSurrogate(targetId) || hasSurrogate(sourceTopic);
        byte[] head = write(viaString, payload == null ? 256 : payload.length() + 256, json -> {
            json.writeStartObject();
            stringField(json, "correlationId", correlationId);
            stringField(json, "payload", payload);
            json.writeRaw(RECORDED_AT_FIELD);
        });
        byte[] tail = write(viaString, 256, json -> {
            json.writeStartObject();
            json.writeNumberField("sourceOffset", sourceOffset);
            json.writeNumberField("sourcePartition", sourcePartition);
            stringField(json, "sourceTopic", sourceTopic);
            stringField(json, "targetId", targetId);
            stringField(json, "type", type);
            stringField(json, "workerId", workerId);
            json.writeEndObject();
        });
        // written as an object of its own: its opening brace becomes the comma after seq
        tail[0] = ',';
        return new Parts(head, tail);
    }

    /** The hex SHA-256 of a record, prepared as parts, at its place in the chain. */
    public static String hash(String prevHash, Parts parts, long seq, Instant recordedAt) {
        MessageDigest digest = SHA_256.get();
        digest.reset();
        digest.update(prevHash.getBytes(StandardCharsets.US_ASCII));
        digest.update((byte) '\n');
        assemble(parts, seq, recordedAt, digest::update);
        return HexFormat.of().formatHex(digest.digest());
    }

    /** The hex SHA-256 of a record chained to its predecessor's hash. */
    /** The SHA-256 of bytes, in lower-case hex: what the trail keeps of a value too long to index or store. */
    public static String sha256Hex(byte[] bytes) {
        return HexFormat.of().formatHex(SHA_256.get().digest(bytes));
    }

    public static String hash(String prevHash, ChainedRecord record) {
        return hash(prevHash, parts(record), record.seq(), record.recordedAt());
    }

    /** The canonical bytes of a record, assembled from its parts as {@link #hash} digests them. */
    static byte[] canonicalBytes(ChainedRecord record) {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        assemble(parts(record), record.seq(), record.recordedAt(), all::writeBytes);
        return all.toByteArray();
    }

    /** The canonical bytes of a record, piece by piece: its parts around recordedAt and seq. */
    private static void assemble(Parts parts, long seq, Instant recordedAt, Consumer<byte[]> out) {
        out.accept(parts.head());
        out.accept(ascii(recordedAt.toString()));
        out.accept(SEQ_FIELD);
        out.accept(ascii(Long.toString(seq)));
        out.accept(parts.tail());
    }

    /**
     * The reference form: the whole record written to a string by the generator, then encoded. A
     * lone surrogate has no UTF-8 form: this path writes '?' for it, as it always has, and stored
     * hashes depend on that.
     */
    static byte[] canonicalBytesViaString(ChainedRecord record) {
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

    private static Parts parts(ChainedRecord r) {
        return parts(r.correlationId(), r.payload(), r.sourceTopic(), r.sourcePartition(), r.sourceOffset(),
                r.targetId(), r.type(), r.workerId());
    }

    /** recordedAt's value (an ISO instant) and seq are ASCII that JSON never escapes. */
    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    private interface Fields {
        void write(JsonGenerator json) throws IOException;
    }

    /**
     * Writes fields as UTF-8 directly, or through a string when a value holds a surrogate (the
     * byte generator would escape it, where the string form keeps a pair and replaces a lone one).
     * The open object is not closed: a head ends after its last field.
     */
    private static byte[] write(boolean viaString, int expectedSize, Fields fields) {
        try {
            if (viaString) {
                StringWriter out = new StringWriter(expectedSize);
                try (JsonGenerator json = CanonicalJson.mapper().getFactory().createGenerator(out)) {
                    json.disable(JsonGenerator.Feature.AUTO_CLOSE_JSON_CONTENT);
                    fields.write(json);
                }
                return out.toString().getBytes(StandardCharsets.UTF_8);
            }
            ByteArrayBuilder out = new ByteArrayBuilder(expectedSize);
            try (JsonGenerator json = CanonicalJson.mapper().getFactory().createGenerator(out, JsonEncoding.UTF8)) {
                json.disable(JsonGenerator.Feature.AUTO_CLOSE_JSON_CONTENT);
                fields.write(json);
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException("writing to memory cannot fail", e);
        }
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
