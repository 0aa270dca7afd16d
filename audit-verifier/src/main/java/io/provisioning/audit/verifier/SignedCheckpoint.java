package io.provisioning.audit.verifier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The audit service's signed statement that the trail held {@code seq} records and that the last
 * of them hashed to {@code hash}, at {@code signedAt}. Kept outside the audit database (a Kafka
 * topic, an auditor's copy), it is what a database owner cannot rewrite: removing the newest
 * records, or rewriting one and every hash after it, no longer matches the newest signed checkpoint.
 *
 * <p>The signed bytes are {@code provisioning-audit-checkpoint/1}, seq, hash and signedAt (ISO-8601),
 * each on its own line; the signature is Ed25519, base64.
 */
public record SignedCheckpoint(long seq, String hash, Instant signedAt, String signature) {

    public static final String ALGORITHM = "Ed25519";
    private static final String FORMAT = "provisioning-audit-checkpoint/1";
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * Signs the statement that the trail's first {@code seq} records end with {@code hash}. The time
     * is kept to the millisecond, which every store of it (a database column, JSON) keeps as it is.
     */
    public static SignedCheckpoint sign(long seq, String hash, Instant at, PrivateKey key) {
        Instant signedAt = at.truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        try {
            Signature signer = Signature.getInstance(ALGORITHM);
            signer.initSign(key);
            signer.update(statement(seq, hash, signedAt));
            return new SignedCheckpoint(seq, hash, signedAt, Base64.getEncoder().encodeToString(signer.sign()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign an audit checkpoint with the configured key", e);
        }
    }

    /** True when the key's holder signed exactly this statement. */
    public boolean verifiedBy(PublicKey key) {
        try {
            Signature verifier = Signature.getInstance(ALGORITHM);
            verifier.initVerify(key);
            verifier.update(statement(seq, hash, signedAt));
            return verifier.verify(Base64.getDecoder().decode(signature));
        } catch (GeneralSecurityException | IllegalArgumentException | NullPointerException e) {
            return false;
        }
    }

    /** One line of JSON: {@code {"seq":…,"hash":…,"signedAt":…,"signature":…}}. */
    public String toJson() {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("seq", seq);
        fields.put("hash", hash);
        fields.put("signedAt", signedAt.toString());
        fields.put("signature", signature);
        try {
            return JSON.writeValueAsString(fields);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * @throws IllegalArgumentException when the text is not a checkpoint
     */
    public static SignedCheckpoint parse(String json) {
        try {
            JsonNode node = JSON.readTree(json);
            if (node == null || !node.path("seq").canConvertToLong() || !node.path("hash").isTextual()
                    || !node.path("signedAt").isTextual() || !node.path("signature").isTextual()) {
                throw new IllegalArgumentException("not a signed checkpoint: needs seq, hash, signedAt and signature");
            }
            return new SignedCheckpoint(node.get("seq").asLong(), node.get("hash").asText(),
                    Instant.parse(node.get("signedAt").asText()), node.get("signature").asText());
        } catch (com.fasterxml.jackson.core.JsonProcessingException | DateTimeParseException e) {
            throw new IllegalArgumentException("not a signed checkpoint: " + e.getMessage(), e);
        }
    }

    private static byte[] statement(long seq, String hash, Instant signedAt) {
        return (FORMAT + "\n" + seq + "\n" + hash + "\n" + signedAt).getBytes(StandardCharsets.UTF_8);
    }
}
