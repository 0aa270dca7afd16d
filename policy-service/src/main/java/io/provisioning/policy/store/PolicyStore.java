package io.provisioning.policy.store;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.provisioning.policy.model.PolicyDocument;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.persistence.EntityManager;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.Transactional;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The versioned policy in PostgreSQL. The active version is the highest; when there is none, the
 * default document from configuration becomes version 1. Every replica reads the active version
 * from the database, so an activation on one is seen by all.
 */
@ApplicationScoped
public class PolicyStore {

    private static final Logger LOG = Logger.getLogger(PolicyStore.class);
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /** The active policy with its version. */
    public record ActivePolicy(long version, PolicyDocument document) {
    }

    /**
     * Taken shared by every transaction that applies the policy, and exclusively by an activation
     * while it writes the new version: a transaction that evaluated the old version has committed
     * before the new one exists, so the activation's recompute, which starts after, sees its work.
     */
    private static final long POLICY_LOCK = 0x706f6c696379L;
    private static final Object TX_POLICY = new Object();

    @Inject
    Clock clock;

    @Inject
    EntityManager em;

    @Inject
    TransactionSynchronizationRegistry transactions;

    /** A classpath resource or a file path. */
    @ConfigProperty(name = "provisioning.policy.default", defaultValue = "default-policy.yaml")
    String defaultPolicy;

    /** Parsed documents by version: a version never changes once written. */
    private final Map<Long, PolicyDocument> documents = new ConcurrentHashMap<>();

    /**
     * The active policy. Within a transaction: the version active when the transaction first asked,
     * the same for the rest of it (and no activation commits meanwhile). Outside: the newest.
     */
    public ActivePolicy active() {
        boolean inTransaction = transactions.getTransactionKey() != null;
        if (inTransaction && transactions.getResource(TX_POLICY) instanceof ActivePolicy known) {
            return known;
        }
        ActivePolicy current = inTransaction ? readLocked() : QuarkusTransaction.requiringNew().call(this::readLocked);
        if (inTransaction) {
            transactions.putResource(TX_POLICY, current);
        }
        return current;
    }

    private ActivePolicy readLocked() {
        em.createNativeQuery("SELECT pg_advisory_xact_lock_shared(?1)").setParameter(1, POLICY_LOCK).getSingleResult();
        Object latest = em.createNativeQuery("SELECT max(version) FROM policy_version").getSingleResult();
        long version = latest == null ? storeDefault().version : ((Number) latest).longValue();
        return new ActivePolicy(version, document(version));
    }

    /** A version's document, parsed once. */
    public PolicyDocument document(long version) {
        return documents.computeIfAbsent(version, v -> {
            PolicyVersionEntity stored = QuarkusTransaction.joiningExisting().call(() -> PolicyVersionEntity.findById(v));
            if (stored == null) {
                throw new IllegalArgumentException("no policy version " + v);
            }
            return parse(stored.document);
        });
    }

    /**
     * Stores a validated document as the next version. Waits for the transactions applying the
     * current version to finish; the caller's transaction must end soon after.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public PolicyVersionEntity storeNext(String text, String format, PolicyDocument document, String author,
                                         String comment) {
        em.createNativeQuery("SELECT pg_advisory_xact_lock(?1)").setParameter(1, POLICY_LOCK).getSingleResult();
        Object latest = em.createNativeQuery("SELECT max(version) FROM policy_version").getSingleResult();
        PolicyVersionEntity next = new PolicyVersionEntity();
        next.version = latest == null ? 1 : ((Number) latest).longValue() + 1;
        next.document = text;
        next.format = format;
        next.author = author;
        next.comment = comment;
        next.digest = digest(text);
        next.activatedAt = clock.instant();
        next.persist();
        if (transactions.getTransactionKey() != null) {
            transactions.putResource(TX_POLICY, new ActivePolicy(next.version, document));
        }
        documents.put(next.version, document);
        return next;
    }

    private PolicyVersionEntity storeDefault() {
        String text = readDefault();
        parse(text);
        PolicyVersionEntity v1 = new PolicyVersionEntity();
        v1.version = 1;
        v1.document = text;
        v1.format = "yaml";
        v1.author = "system";
        v1.comment = "default policy from " + defaultPolicy;
        v1.digest = digest(text);
        v1.activatedAt = clock.instant();
        // Several replicas may start at once: the first insert wins, the others read it.
        PolicyVersionEntity.getEntityManager().createNativeQuery("""
                INSERT INTO policy_version (version, document, format, author, comment, digest, activated_at)
                VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT (version) DO NOTHING""")
                .setParameter(1, v1.version).setParameter(2, v1.document).setParameter(3, v1.format)
                .setParameter(4, v1.author).setParameter(5, v1.comment).setParameter(6, v1.digest)
                .setParameter(7, v1.activatedAt).executeUpdate();
        LOG.infof("loaded the default policy as version 1 from %s", defaultPolicy);
        return em.find(PolicyVersionEntity.class, 1L);
    }

    /**
     * Reads a policy document (YAML, of which JSON is a subset).
     *
     * @throws IllegalArgumentException if it is not a policy document
     */
    public static PolicyDocument parse(String text) {
        try {
            PolicyDocument document = YAML.readValue(text, PolicyDocument.class);
            if (document == null || document.targets().isEmpty()) {
                throw new IllegalArgumentException("a policy must name at least one target");
            }
            return document;
        } catch (IOException e) {
            throw new IllegalArgumentException("not a policy document: " + firstLine(e.getMessage()), e);
        }
    }

    private String readDefault() {
        try {
            Path file = Path.of(defaultPolicy);
            if (Files.isRegularFile(file)) {
                return Files.readString(file);
            }
            try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(defaultPolicy)) {
                if (in == null) {
                    throw new IllegalStateException("default policy not found: " + defaultPolicy);
                }
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the default policy " + defaultPolicy, e);
        }
    }

    private static String firstLine(String message) {
        return message == null ? "" : message.lines().findFirst().orElse("");
    }

    public static String digest(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
