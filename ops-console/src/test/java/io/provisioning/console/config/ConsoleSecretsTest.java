package io.provisioning.console.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.smallrye.config.SmallRyeConfigBuilder;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConsoleSecretsTest {

    private static org.eclipse.microprofile.config.Config config(Map<String, String> values) {
        return new SmallRyeConfigBuilder().addDefaultInterceptors().withDefaultValues(values).build();
    }

    @Test
    void aSecretWhoseExpressionNamesAnUnsetKeyIsMissing() {
        assertThat(ConsoleSecrets.missing(config(Map.of(
                "quarkus.oidc.credentials.secret", "${provisioning.console.client-secret}",
                "provisioning.console.session-secret", "${nowhere}"))))
                .hasSize(2).anyMatch(m -> m.startsWith("provisioning.console.client-secret"))
                .anyMatch(m -> m.startsWith("provisioning.console.session-secret"));
    }

    @Test
    void aSessionSecretShorterThanThirtyTwoCharactersIsRefused() {
        assertThat(ConsoleSecrets.missing(config(Map.of("quarkus.oidc.credentials.secret", "s",
                "provisioning.console.session-secret", "x".repeat(31))))).singleElement().asString()
                .startsWith("provisioning.console.session-secret");
        assertThat(ConsoleSecrets.missing(config(Map.of("quarkus.oidc.credentials.secret", "s",
                "provisioning.console.session-secret", "x".repeat(32))))).isEmpty();
    }
}
