package io.provisioning.bench;

import java.io.IOException;
import java.nio.file.Path;

/** The benchmarks' hand on {@code deploy/stack}: stopping, starting and asking after components. */
final class BenchStack {

    private final Path root;

    /** @param root the repository root (system property {@code stack.root}, set by deploy/stack bench) */
    BenchStack(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    static BenchStack fromSystemProperties() {
        return new BenchStack(Path.of(System.getProperty("stack.root", "..")));
    }

    /** deploy/stack stop NAME. */
    void stop(String component) throws IOException, InterruptedException {
        await(begin("stop", component), "stop", component);
    }

    /** deploy/stack start NAME, which returns once the component is ready. */
    void start(String component) throws IOException, InterruptedException {
        await(startInBackground(component), "start", component);
    }

    /** deploy/stack start NAME without waiting: for a benchmark that watches the start itself. */
    Process startInBackground(String component) throws IOException {
        return begin("start", component);
    }

    /** Waits for a start begun in the background. */
    void awaitStarted(Process starting, String component) throws InterruptedException {
        await(starting, "start", component);
    }

    /** Whether deploy/stack status shows the component running. */
    boolean isRunning(String component) throws IOException, InterruptedException {
        Process status = new ProcessBuilder(root.resolve("deploy/stack").toString(), "status")
                .directory(root.toFile()).redirectErrorStream(true).start();
        String text = new String(status.getInputStream().readAllBytes());
        status.waitFor();
        return text.lines().anyMatch(line -> line.startsWith(component + " ") && line.contains(" running "));
    }

    private Process begin(String command, String component) throws IOException {
        return new ProcessBuilder(root.resolve("deploy/stack").toString(), command, component)
                .directory(root.toFile()).inheritIO().start();
    }

    private static void await(Process process, String command, String component) throws InterruptedException {
        if (process.waitFor() != 0) {
            throw new IllegalStateException("deploy/stack " + command + " " + component + " failed");
        }
    }
}
