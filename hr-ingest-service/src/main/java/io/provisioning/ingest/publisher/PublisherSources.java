package io.provisioning.ingest.publisher;

import io.quarkus.runtime.StartupEvent;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.security.Principal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.logging.Logger;

/**
 * Which event sources each HRIS publisher may speak for: {@code provisioning.ingest.publisher-sources}
 * is a list of {@code <client>=<source>} grants, where a source ending in {@code *} is a prefix. A
 * publisher with no grant may publish nothing, so a new HRIS client is harmless until an operator
 * binds it.
 */
@ApplicationScoped
public class PublisherSources {

    private static final Logger LOG = Logger.getLogger(PublisherSources.class);
    private final Map<String, List<String>> grants;

    PublisherSources(@ConfigProperty(name = "provisioning.ingest.publisher-sources") Optional<List<String>> configured) {
        this.grants = parse(configured.orElse(List.of()));
    }

    /** An operator who forgot the bindings learns it at start, not from the first refused HRIS. */
    void reportBindings(@Observes StartupEvent start) {
        if (grants.isEmpty()) {
            LOG.warn("no HRIS publisher is bound to a source (provisioning.ingest.publisher-sources):"
                    + " every HR event and snapshot will be refused with 403");
        } else {
            grants.forEach((client, sources) -> LOG.infof("publisher %s may publish for %s", client,
                    String.join(", ", sources)));
        }
    }

    /** The publisher behind a token: its OIDC client ({@code azp}, else {@code client_id}), else the principal. */
    public Publisher of(SecurityIdentity identity) {
        Principal principal = identity.getPrincipal();
        String client = null;
        if (principal instanceof JsonWebToken token) {
            client = token.getClaim("azp");
            if (client == null) {
                client = token.getClaim("client_id");
            }
        }
        if (client == null) {
            client = principal.getName();
        }
        return new Publisher(client, grants.getOrDefault(client, List.of()));
    }

    static Map<String, List<String>> parse(List<String> entries) {
        Map<String, List<String>> grants = new LinkedHashMap<>();
        for (String entry : entries) {
            String trimmed = entry.strip();
            int equals = trimmed.indexOf('=');
            if (equals <= 0 || equals == trimmed.length() - 1) {
                throw new IllegalArgumentException("provisioning.ingest.publisher-sources: '" + trimmed
                        + "' is not <client>=<source> (a source may end in * to grant a prefix)");
            }
            grants.computeIfAbsent(trimmed.substring(0, equals).strip(), c -> new ArrayList<>())
                    .add(trimmed.substring(equals + 1).strip());
        }
        grants.replaceAll((client, sources) -> List.copyOf(sources));
        return Map.copyOf(grants);
    }
}
