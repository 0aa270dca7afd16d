package io.provisioning.policy.api;

import io.provisioning.common.security.ApiRoles;
import io.provisioning.policy.requests.Caller;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import java.util.Collection;
import java.util.Set;
import java.util.stream.Collectors;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Who calls: the worker their sign-in maps to (the token's {@code workerId} claim), their realm
 * groups (the {@code groups} claim) and what their roles let them do.
 */
@RequestScoped
public class Callers {

    static final String WORKER_CLAIM = "workerId";
    static final String GROUPS_CLAIM = "groups";

    @Inject
    SecurityIdentity identity;

    Caller current() {
        String workerId = null;
        Set<String> groups = Set.of();
        if (identity.getPrincipal() instanceof JsonWebToken token) {
            Object claim = token.getClaim(WORKER_CLAIM);
            workerId = claim == null ? null : claim.toString().replace("\"", "").strip();
            groups = groups(token.getClaim(GROUPS_CLAIM));
        }
        boolean admin = identity.hasRole(ApiRoles.POLICY_ADMIN);
        boolean reader = admin || identity.hasRole(ApiRoles.AUDITOR) || identity.hasRole(ApiRoles.OPERATOR);
        return new Caller(workerId == null || workerId.isEmpty() ? null : workerId, identity.getPrincipal().getName(),
                groups, admin, reader);
    }

    boolean hasRole(String role) {
        return identity.hasRole(role);
    }

    /** The caller's bearer token as it came, to read another service on their behalf; null if none. */
    String bearer() {
        return identity.getPrincipal() instanceof JsonWebToken token ? token.getRawToken() : null;
    }

    private static Set<String> groups(Object claim) {
        if (claim instanceof Collection<?> values) {
            return values.stream().map(v -> v.toString().replace("\"", "")).map(g -> g.startsWith("/") ? g.substring(1) : g)
                    .collect(Collectors.toSet());
        }
        return Set.of();
    }
}
