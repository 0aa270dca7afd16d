package io.provisioning.policy.authoring;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * The protected attributes of each target, from configuration:
 * {@code provisioning.policy.targets.<id>.type} ({@code ldap}, {@code scim} or {@code jdbc}) and
 * {@code provisioning.policy.targets.<id>.protected-attributes} (further names, comma-separated: an
 * LDAP naming attribute other than uid, a JDBC key or disabled column). The operator who connects a
 * target knows its kind; the policy author cannot change it.
 */
@ApplicationScoped
public class TargetAttributeRules {

    private static final String PREFIX = "provisioning.policy.targets.";

    @Produces
    @ApplicationScoped
    ProtectedAttributes protectedAttributes() {
        Config config = ConfigProvider.getConfig();
        Map<String, ProtectedAttributes.TargetType> types = new HashMap<>();
        Map<String, Set<String>> extra = new HashMap<>();
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
            String key = rest.substring(dot + 1);
            String value = config.getOptionalValue(name, String.class).orElse("");
            if (key.equals("type")) {
                types.put(target, ProtectedAttributes.TargetType.valueOf(value.trim().toUpperCase(Locale.ROOT)));
            } else if (key.equals("protected-attributes")) {
                extra.put(target, ProtectedAttributes.list(value));
            }
        }
        return new ProtectedAttributes(types, extra);
    }
}
