package io.provisioning.audit.verifier;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/**
 * Ed25519 keys as PEM ({@code openssl genpkey -algorithm ed25519}, {@code openssl pkey -pubout}) or
 * as the bare base64 of their DER encoding.
 */
public final class CheckpointKeys {

    private CheckpointKeys() {
    }

    /**
     * @throws IllegalArgumentException when the text is not an Ed25519 public key
     */
    public static PublicKey publicKey(String text) {
        try {
            return KeyFactory.getInstance(SignedCheckpoint.ALGORITHM).generatePublic(new X509EncodedKeySpec(der(text)));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalArgumentException("not an Ed25519 public key (PEM or base64 X.509)", e);
        }
    }

    /**
     * @throws IllegalArgumentException when the text is not an Ed25519 private key; the message never holds the key
     */
    public static PrivateKey privateKey(String text) {
        try {
            return KeyFactory.getInstance(SignedCheckpoint.ALGORITHM).generatePrivate(new PKCS8EncodedKeySpec(der(text)));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalArgumentException("not an Ed25519 private key (PEM or base64 PKCS#8)");
        }
    }

    private static byte[] der(String text) {
        String base64 = text.replaceAll("-----(BEGIN|END) [A-Z ]+-----", "").replaceAll("\\s", "");
        return Base64.getDecoder().decode(base64);
    }
}
