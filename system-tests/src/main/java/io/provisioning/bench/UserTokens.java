package io.provisioning.bench;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/** The realm users' tokens (password grant), fetched again after five minutes (they last fifteen). */
final class UserTokens {

    private static final long REUSE_NANOS = TimeUnit.MINUTES.toNanos(5);

    private final String keycloak;
    private final Map<String, String[]> held = new ConcurrentHashMap<>();

    UserTokens(String keycloak) {
        this.keycloak = keycloak;
    }

    String of(String user) {
        return held.compute(user, (u, token) -> {
            if (token != null && System.nanoTime() - Long.parseLong(token[1]) < REUSE_NANOS) {
                return token;
            }
            try {
                return new String[] {BenchHttp.userToken(keycloak, u), Long.toString(System.nanoTime())};
            } catch (Exception e) {
                throw new IllegalStateException("no token for " + u, e);
            }
        })[0];
    }
}
