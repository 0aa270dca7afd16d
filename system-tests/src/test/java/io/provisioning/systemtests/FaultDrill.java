package io.provisioning.systemtests;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Crashes the stack's components one after the other through {@code deploy/stack}: stops OpenLDAP
 * for a while and starts it again, then kills (SIGKILL) and restarts each service, the Kafka broker
 * and PostgreSQL. Each step waits until the component is ready before the next one crashes another.
 */
final class FaultDrill {

    /** What was done, and when: the report of the drill. */
    record Step(String action, String component, Instant at, Duration took) {
        @Override
        public String toString() {
            return "%-5s %-18s at %s, back after %d ms".formatted(action, component, at, took.toMillis());
        }
    }

    private static final List<String> CRASHED = List.of("hr-ingest-service", "policy-service", "connector-service",
            "audit-service", "kafka", "postgres");

    private final Path root;
    private final Path log;
    private final Duration directoryOutage;
    private final Duration gap;
    private final List<Step> steps = Collections.synchronizedList(new ArrayList<>());

    /**
     * @param directoryOutage how long OpenLDAP stays down
     * @param gap             how long traffic flows between two faults
     */
    FaultDrill(Path root, Path log, Duration directoryOutage, Duration gap) {
        this.root = root;
        this.log = log;
        this.directoryOutage = directoryOutage;
        this.gap = gap;
    }

    /** The repository root: where {@code deploy/stack} is (system property {@code stack.root}, else the parent). */
    static Path repositoryRoot() {
        return io.provisioning.stack.StackPaths.root();
    }

    void run() {
        // The directory first, while the joiners flow: its outage must meet commands to retry.
        pause(gap);
        Instant at = Instant.now();
        stack("stop", "openldap");
        pause(directoryOutage);
        stack("start", "openldap");
        steps.add(new Step("stop", "openldap", at, Duration.between(at, Instant.now())));
        for (String component : CRASHED) {
            pause(gap);
            at = Instant.now();
            stack("kill", component);
            stack("start", component);
            steps.add(new Step("kill", component, at, Duration.between(at, Instant.now())));
        }
    }

    List<Step> steps() {
        return List.copyOf(steps);
    }

    private void stack(String command, String component) {
        try {
            Process process = new ProcessBuilder(root.resolve("deploy/stack").toString(), command, component)
                    .directory(root.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
            int exit = process.waitFor();
            if (exit != 0) {
                throw new IllegalStateException("deploy/stack " + command + " " + component + " exited " + exit
                        + " (see " + log + ")");
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot run deploy/stack: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Lets time pass (traffic flows, or a component stays down) without polling anything. */
    private static void pause(Duration duration) {
        if (!duration.isZero()) {
            await().pollDelay(duration).atMost(duration.plusSeconds(5)).until(() -> true);
        }
    }
}
