package io.provisioning.connector.scim;

import io.provisioning.connector.spi.TargetConfiguration;
import java.net.URI;
import java.time.Duration;

/**
 * The configuration of one SCIM 2.0 target ({@code provisioning.targets.<id>.*}): {@code base-url}
 * (ending before {@code /Users}); {@code auth} = {@code bearer} ({@code token}),
 * {@code client-credentials} ({@code token-url}, {@code client-id}, {@code client-secret},
 * {@code scope}) or {@code basic} ({@code username}, {@code password}) — secrets through the
 * environment; {@code connect-timeout-ms}, {@code request-timeout-ms}; {@code group-batch-size}
 * (members per PATCH, default 500).
 */
record ScimSettings(
        String targetId,
        URI baseUrl,
        String auth,
        String token,
        URI tokenUrl,
        String clientId,
        String clientSecret,
        String scope,
        String username,
        String password,
        Duration connectTimeout,
        Duration requestTimeout,
        int groupBatchSize) {

    static ScimSettings from(TargetConfiguration config) {
        String auth = config.get("auth", "client-credentials");
        String base = config.require("base-url");
        ScimSettings settings = new ScimSettings(
                config.targetId(),
                URI.create(base.endsWith("/") ? base.substring(0, base.length() - 1) : base),
                auth,
                auth.equals("bearer") ? config.require("token") : null,
                auth.equals("client-credentials") ? URI.create(config.require("token-url")) : null,
                auth.equals("client-credentials") ? config.require("client-id") : null,
                auth.equals("client-credentials") ? config.require("client-secret") : null,
                config.get("scope", null),
                auth.equals("basic") ? config.require("username") : null,
                auth.equals("basic") ? config.require("password") : null,
                Duration.ofMillis(config.getInt("connect-timeout-ms", 3000)),
                Duration.ofMillis(config.getInt("request-timeout-ms", 10000)),
                config.getInt("group-batch-size", 500));
        if (!auth.equals("bearer") && !auth.equals("client-credentials") && !auth.equals("basic")) {
            throw new IllegalArgumentException("provisioning.targets." + config.targetId()
                    + ".auth must be bearer, client-credentials or basic");
        }
        return settings;
    }

    /** Never prints a secret. */
    @Override
    public String toString() {
        return "ScimSettings[" + targetId + ", " + baseUrl + ", auth=" + auth + "]";
    }
}
