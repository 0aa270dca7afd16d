package io.provisioning.systemtests;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import io.provisioning.stack.StackPaths;
import org.junit.jupiter.api.Test;

/**
 * The local stack restarts a service that ended itself on a fatal error, as an orchestrator would:
 * here audit-service's JVM disappears at once after its last words, as a JVM does when an Error
 * escapes one of its threads (FatalErrorsTest proves those words and the exit), and the watchdog
 * brings it back. A service killed through deploy/stack is left to the one who killed it.
 */
class WatchdogIT {

    @Test
    void aServiceThatEndedOnAFatalErrorIsRestartedByTheStack() throws Exception {
        Path pidFile = StackPaths.pids().resolve("audit-service.pid");
        Path log = StackPaths.logs().resolve("audit-service.log");
        long pid = Long.parseLong(Files.readString(pidFile).trim());
        ProcessHandle audit = ProcessHandle.of(pid).orElseThrow();

        Files.writeString(log, "FATAL [io.provisioning.common.runtime.FatalErrors] (worker-probe) thread worker-probe"
                + " died of java.lang.StackOverflowError; ending the process so that it is restarted\n",
                StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        audit.destroyForcibly();
        await().atMost(Duration.ofSeconds(10)).until(() -> !audit.isAlive());

        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(1)).ignoreExceptions().until(() ->
                Long.parseLong(Files.readString(pidFile).trim()) != pid
                        && given().get(Stack.AUDIT + "/q/health/ready").statusCode() == 200
                        && Files.readString(StackPaths.logs().resolve("watchdog.log")).contains("audit-service ready again"));
        assertThat(Files.readString(StackPaths.logs().resolve("watchdog.log")))
                .contains("audit-service ended on a fatal error");
    }
}
