package io.provisioning.policy.store;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.provisioning.policy.model.PolicyDocument;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
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
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The versioned policy in PostgreSQL. The active version is the highest; when there is none, the
 * default document from configuration becomes version 1.
 */
@ApplicationScoped
public class PolicyStore {

    private static final Logger LOG = Logger.getLogger(PolicyStore.class);
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /** The active policy with its version. */
    public record ActivePolicy(long version, PolicyDocument document) {
    }

    @Inject
    Clock clock;

    /** A classpath resource or a file path. */
    @ConfigProperty(name = "provisioning.policy.default", defaultValue = "default-policy.yaml")
    String defaultPolicy;

    private volatile ActivePolicy active;

    /** The active policy; loads (or creates from the default) on first use. */
    public ActivePolicy active() {
        ActivePolicy current = active;
        return current != null ? current : load();
    }

    @Transactional
    ActivePolicy load() {
        PolicyVersionEntity latest = PolicyVersionEntity.find("order by version desc").firstResult();
        if (latest == null) {
            latest = storeDefault();
        }
        ActivePolicy current = new ActivePolicy(latest.version, parse(latest.document));
        active = current;
        return current;
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
        return PolicyVersionEntity.findById(1L);
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

    static String digest(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
