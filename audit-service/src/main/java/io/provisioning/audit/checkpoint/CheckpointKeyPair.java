package io.provisioning.audit.checkpoint;

import io.provisioning.audit.verifier.SignedCheckpoint;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Instant;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The audit service's checkpoint key pair. Both keys are required (no production default), and
 * must be one pair: a start with a wrong public key would publish checkpoints nobody can verify.
 */
@ApplicationScoped
public class CheckpointKeyPair {

    static final String SIGNING_KEY = "provisioning.audit.signing-key";
    static final String VERIFY_KEY = "provisioning.audit.verify-key";

    @ConfigProperty(name = SIGNING_KEY)
    String signingKey;

    @ConfigProperty(name = VERIFY_KEY)
    String verifyKey;

    private PrivateKey privateKey;
    private PublicKey publicKey;

    @PostConstruct
    void load() {
        try {
            privateKey = io.provisioning.audit.verifier.CheckpointKeys.privateKey(signingKey);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(SIGNING_KEY + ": " + e.getMessage());
        }
        try {
            publicKey = io.provisioning.audit.verifier.CheckpointKeys.publicKey(verifyKey);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(VERIFY_KEY + ": " + e.getMessage());
        }
        if (!SignedCheckpoint.sign(0, "0".repeat(64), Instant.EPOCH, privateKey).verifiedBy(publicKey)) {
            throw new IllegalStateException(VERIFY_KEY + " is not the public key of " + SIGNING_KEY);
        }
        signingKey = null; // kept only as a key object from here on
    }

    PrivateKey privateKey() {
        return privateKey;
    }

    public PublicKey publicKey() {
        return publicKey;
    }

    /** The public key as PEM, for auditors (who should also get it from the operator, not only from here). */
    public String publicKeyPem() {
        String base64 = java.util.Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(publicKey.getEncoded());
        return "-----BEGIN PUBLIC KEY-----\n" + base64 + "\n-----END PUBLIC KEY-----\n";
    }
}
