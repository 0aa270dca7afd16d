package io.provisioning.common.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * In a JVM of its own (the policy halts the process): an Error escaping a thread ends the process
 * with status 70; a RuntimeException escaping one does not.
 */
class FatalErrorsTest {

    /** Installs the policy, lets a thread die of what the argument names, and otherwise ends normally after 20 s. */
    public static final class Probe {
        public static void main(String[] args) throws InterruptedException {
            FatalErrors.installHandler();
            Thread worker = new Thread(() -> {
                if (args[0].equals("error")) {
                    throw new StackOverflowError("worker of a target");
                }
                throw new IllegalStateException("worker of a target");
            }, "worker-probe");
            worker.start();
            worker.join();
            System.out.println("still running after the worker ended");
        }
    }

    @Test
    void anErrorThatEscapesAThreadEndsTheProcessSoThatItIsRestarted() throws Exception {
        Run run = probe("error");
        assertThat(run.status()).isEqualTo(FatalErrors.EXIT_STATUS);
        assertThat(run.output()).doesNotContain("still running")
                // the words the local stack's watchdog restarts a service on
                .contains("ending the process so that it is restarted");
    }

    @Test
    void anExceptionThatEscapesAThreadLeavesTheProcessRunning() throws Exception {
        Run run = probe("exception");
        assertThat(run.status()).isZero();
        assertThat(run.output()).contains("still running after the worker ended");
    }

    private record Run(int status, String output) {
    }

    private static Run probe(String failure) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), Probe.class.getName(),
                failure).redirectErrorStream(true).start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("the probe ended").isTrue();
        return new Run(process.exitValue(), new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }
}
