package io.provisioning.policy.targets;

import io.provisioning.policy.authoring.ProtectedAttributes;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * What the operator who connected each target says about it ({@code provisioning.policy.targets.<id>.*}):
 * {@code type} ({@code ldap}, {@code scim} or {@code jdbc}) and {@code protected-attributes} (further
 * names, comma-separated: an LDAP naming attribute other than uid, a JDBC key or disabled column),
 * which no policy may set; and {@code on-name-conflict}: {@code rename} (the default: a worker whose
 * account name is taken in the target by an account the product did not create gets the next free
 * name) or {@code fail} (the account stays {@code CONFLICT}, listed for an operator). The policy
 * author cannot change any of it.
 */
@ApplicationScoped
public class TargetSettings {

    private static final String PREFIX = "provisioning.policy.targets.";

    private final Map<String, ProtectedAttributes.TargetType> types = new HashMap<>();
    private final Map<String, Set<String>> protectedExtra = new HashMap<>();
    private final Set<String> failOnNameConflict = new HashSet<>();

    @PostConstruct
    void read() {
        Config config = ConfigProvider.getConfig();
        for (String name : config.getPropertyNames()) {
            if (!name.startsWith(PREFIX)) {
                continue;
            }
            String rest = name.substring(PREFIX.length());
            int dot = rest.lastIndexOf('.');
            if (dot <= 0) {
                continue;
            }
            String target = rest.substring(0, dot).replace("\"", "");
            String value = config.getOptionalValue(name, String.class).orElse("").trim();
            switch (rest.substring(dot + 1)) {
                case "type" -> types.put(target, ProtectedAttributes.TargetType.valueOf(value.toUpperCase(Locale.ROOT)));
                case "protected-attributes" -> protectedExtra.put(target, ProtectedAttributes.list(value));
                case "on-name-conflict" -> {
                    if (value.equalsIgnoreCase("fail")) {
                        failOnNameConflict.add(target);
                    } else if (!value.equalsIgnoreCase("rename")) {
                        throw new IllegalArgumentException(name + " must be rename or fail, not " + value);
                    }
                }
                default -> { }
            }
        }
    }

    @Produces
    @ApplicationScoped
    ProtectedAttributes protectedAttributes() {
        return new ProtectedAttributes(types, protectedExtra);
    }

    /** Whether a worker whose name is taken in the target gets the next free one (else: CONFLICT, listed). */
    public boolean renamesOnNameConflict(String targetId) {
        return !failOnNameConflict.contains(targetId);
    }
}
