package io.provisioning.console.pages;

import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import org.eclipse.microprofile.jwt.JsonWebToken;

/** The signed-in user as the layout shows them: name, roles, and which pages those roles open. */
@Named("viewer")
@RequestScoped
public class Viewer {

    @Inject
    SecurityIdentity identity;

    public String name() {
        if (identity.isAnonymous()) {
            return "";
        }
        if (identity.getPrincipal() instanceof JsonWebToken token && token.getClaim("preferred_username") != null) {
            return token.getClaim("preferred_username").toString();
        }
        return identity.getPrincipal().getName();
    }

    /** The worker the sign-in maps to (the token's workerId claim); empty when it names none. */
    public String workerId() {
        if (!identity.isAnonymous() && identity.getPrincipal() instanceof JsonWebToken token
                && token.getClaim("workerId") != null) {
            return token.getClaim("workerId").toString().replace("\"", "");
        }
        return "";
    }

    /** Whether the signed-in person is a worker: they ask for access and decide requests. */
    public boolean worker() {
        return !workerId().isEmpty();
    }

    public boolean operator() {
        return identity.hasRole(Roles.OPERATOR);
    }

    public boolean policyAdmin() {
        return identity.hasRole(Roles.POLICY_ADMIN);
    }

    public boolean auditor() {
        return identity.hasRole(Roles.AUDITOR);
    }

    /** The worker page reads identities, which operators and auditors may. */
    public boolean workers() {
        return operator() || auditor();
    }

    public boolean policy() {
        return operator() || policyAdmin();
    }

    public String roles() {
        return String.join(", ", identity.getRoles().stream()
                .filter(r -> r.equals(Roles.OPERATOR) || r.equals(Roles.POLICY_ADMIN) || r.equals(Roles.AUDITOR))
                .sorted().toList());
    }
}
