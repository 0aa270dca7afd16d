package io.provisioning.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A service started in production (the production profile alone, not the local stack's) with one of
 * its secrets missing does not fall back to a demo credential: it stops at once, naming the key
 * that is missing. The services are the jars the stack runs; each start here gets every other
 * setting it needs, so that the missing secret is the reason.
 */
class ProductionStartWithoutSecretsIT {

    private static final Path ROOT = FaultDrill.repositoryRoot();

    @Test
    void withoutItsDatabasePasswordAServiceStopsNamingTheKey() throws Exception {
        String output = startExpectingFailure("hr-ingest-service", Map.of("PROVISIONING_KAFKA_PASSWORD", "unused"));
        assertThat(output).contains("provisioning.database.password");
    }

    @Test
    void withoutItsKafkaPasswordAServiceStopsNamingTheKey() throws Exception {
        String output = startExpectingFailure("policy-service", Map.of("QUARKUS_DATASOURCE_PASSWORD", "not-checked"));
        assertThat(output).contains("provisioning.kafka.password");
    }

    @Test
    void withoutATargetsCredentialTheConnectorStopsNamingTheKey() throws Exception {
        String output = startExpectingFailure("connector-service", Map.of(
                "QUARKUS_DATASOURCE_PASSWORD", "connector", "PROVISIONING_KAFKA_PASSWORD", "unused",
                // the other demo targets off, so that corp-ldap's missing bind password is the one reported
                "PROVISIONING_TARGETS_APPS_SCIM_ENABLED", "false", "PROVISIONING_TARGETS_LEGACY_DB_ENABLED", "false"));
        assertThat(output).contains("provisioning.targets.corp-ldap.bind-password");
    }

    @Test
    void withoutItsClientSecretTheConsoleStopsNamingTheKeyAndWithoutItsSessionSecretToo() throws Exception {
        assertThat(startExpectingFailure("ops-console", Map.of("PROVISIONING_CONSOLE_SESSION_SECRET",
                "a-session-secret-of-at-least-32-characters"))).contains("provisioning.console.client-secret");
        assertThat(startExpectingFailure("ops-console", Map.of("QUARKUS_OIDC_CREDENTIALS_SECRET", "a-client-secret")))
                .contains("provisioning.console.session-secret");
    }

    /** Starts the service's jar in the production profile with only the given settings; it must stop by itself. */
    private static String startExpectingFailure(String service, Map<String, String> settings) throws Exception {
        Path jar = ROOT.resolve(service).resolve("target/quarkus-app/quarkus-run.jar");
        assertThat(jar).exists();
        Path log = Files.createTempFile(service, ".log");
        ProcessBuilder builder = new ProcessBuilder("java", "-Xmx128m", "-jar", jar.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> environment = builder.environment();
        environment.keySet().removeIf(name -> name.startsWith("QUARKUS_") || name.startsWith("PROVISIONING_")
                || name.startsWith("KAFKA_"));
        environment.put("QUARKUS_PROFILE", "prod");
        environment.put("QUARKUS_HTTP_PORT", "0");
        environment.putAll(settings);
        Process process = builder.start();
        try {
            assertThat(process.waitFor(90, TimeUnit.SECONDS)).as(service + " stopped by itself").isTrue();
            assertThat(process.exitValue()).as(service + "'s exit code").isNotZero();
            return read(log);
        } finally {
            process.destroyForcibly();
            Files.deleteIfExists(log);
        }
    }

    private static String read(Path log) throws IOException {
        return Files.readString(log, StandardCharsets.UTF_8);
    }
}
