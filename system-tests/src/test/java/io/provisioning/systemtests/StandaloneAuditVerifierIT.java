package io.provisioning.systemtests;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What an external auditor does: takes the signed checkpoints and an export of the running stack's
 * trail, and checks them with the project's standalone verifier ({@code audit-verifier.jar}) and the
 * public key the operator holds, without the database or the services. A copy of the export with its
 * newest records cut off, and a checkpoint signed by another key, are each refused.
 */
class StandaloneAuditVerifierIT {

    private static final Path ROOT = FaultDrill.repositoryRoot();
    private static final Path VERIFIER = ROOT.resolve("audit-verifier/target/audit-verifier.jar");
    /** The public key as the operator holds it (deploy/stack generated the pair). */
    private static final Path PUBLIC_KEY = io.provisioning.stack.StackPaths.conf().resolve("audit/checkpoint-verify-key.pem");

    @Test
    void theStacksTrailVerifiesOfflineAndATruncatedOrForgedCopyDoesNot(@TempDir Path dir) throws Exception {
        assertThat(VERIFIER).exists();
        // a checkpoint is signed within 10 s of the trail's growth: wait for the first
        List<String> checkpoints = await().atMost(Duration.ofSeconds(30)).until(StandaloneAuditVerifierIT::checkpoints,
                lines -> !lines.isEmpty());
        // checkpoints first, then the export: the export then holds every record a checkpoint covers
        Path checkpointFile = Files.write(dir.resolve("checkpoints.ndjson"), checkpoints);
        String export = given().auth().oauth2(Stack.token("audit-reader"))
                .get(Stack.AUDIT + "/api/v1/audit/export?format=ndjson").then().statusCode(200).extract().asString();
        Path exportFile = Files.writeString(dir.resolve("trail.ndjson"), export);

        Result intact = verify(exportFile, checkpointFile);
        assertThat(intact.exit()).as(intact.output()).isZero();
        assertThat(intact.output()).startsWith("VALID: ");

        long newest = checkpoints.stream().mapToLong(line -> Long.parseLong(line.replaceAll(".*\"seq\":(\\d+).*", "$1")))
                .max().orElseThrow();
        List<String> records = export.lines().toList();
        Path truncated = Files.write(dir.resolve("tail-removed.ndjson"), records.subList(0, (int) newest - 3));
        Result cut = verify(truncated, checkpointFile);
        assertThat(cut.exit()).as(cut.output()).isEqualTo(1);
        assertThat(cut.output()).startsWith("INVALID from seq " + (newest - 2)).contains("records were removed");

        var otherKey = KeyPairGenerator.getInstance("Ed25519").generateKeyPair().getPrivate();
        String forged = io.provisioning.audit.verifier.SignedCheckpoint.sign(newest, "0".repeat(64),
                java.time.Instant.now(), otherKey).toJson();
        List<String> withForged = new ArrayList<>(checkpoints);
        withForged.add(forged);
        Result forgedResult = verify(exportFile, Files.write(dir.resolve("forged.ndjson"), withForged));
        assertThat(forgedResult.exit()).as(forgedResult.output()).isEqualTo(1);
        assertThat(forgedResult.output()).contains("not signed by the audit service's key");
    }

    private static List<String> checkpoints() {
        return given().auth().oauth2(Stack.token("audit-reader")).get(Stack.AUDIT + "/api/v1/audit/checkpoints")
                .then().statusCode(200).extract().asString().lines().filter(line -> !line.isBlank()).toList();
    }

    private record Result(int exit, String output) {
    }

    private static Result verify(Path export, Path checkpoints) throws IOException, InterruptedException {
        Process process = new ProcessBuilder("java", "-jar", VERIFIER.toString(), "--export", export.toString(),
                "--checkpoints", checkpoints.toString(), "--public-key", PUBLIC_KEY.toString())
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return new Result(process.exitValue(), output);
    }
}
