package io.provisioning.testsupport;

import io.smallrye.jwt.build.Jwt;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Signed access tokens for service tests that use the OIDC test server
 * ({@code OidcWiremockTestResource}); they look like the real realm's tokens: roles in
 * {@code realm_access.roles} and the audience {@code provisioning-api}.
 */
public final class TestTokens {

    /** Issuer of the OIDC test server. */
    public static final String ISSUER = "https://server.example.com";

    /** Audience every service requires. */
    public static final String AUDIENCE = "provisioning-api";

    private TestTokens() {
    }

    /** A valid token for that subject with exactly those roles. */
    public static String withRoles(String subject, String... roles) {
        return builder(subject, roles).sign();
    }

    /** A client-credentials token as Keycloak issues it: the client in {@code azp}, its service account as subject. */
    public static String forClient(String client, String... roles) {
        return builder("service-account-" + client, roles).claim("azp", client).sign();
    }

    /** A token whose audience is not {@link #AUDIENCE}. */
    public static String withWrongAudience(String subject, String... roles) {
        return builder(subject, roles).audience("some-other-api").sign();
    }

    /** A token that expired a minute ago. */
    public static String expired(String subject, String... roles) {
        Instant past = Instant.now().minusSeconds(3600);
        return builder(subject, roles).issuedAt(past).expiresAt(past.plusSeconds(60)).sign();
    }

    /** A token from another issuer, signed with the same key. */
    public static String withWrongIssuer(String subject, String... roles) {
        return builder(subject, roles).issuer("https://evil.example.com").sign();
    }

    private static io.smallrye.jwt.build.JwtClaimsBuilder builder(String subject, String... roles) {
        return Jwt.issuer(ISSUER)
                .subject(subject)
                .preferredUserName(subject)
                .audience(AUDIENCE)
                .claim("realm_access", Map.of("roles", List.of(roles)))
                .expiresIn(300);
    }
}
