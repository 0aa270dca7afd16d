package io.provisioning.stack;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the local stack is: the repository root (system property {@code stack.root}, else the
 * working directory's parent, as Maven runs this module in {@code system-tests/}) and the stack's
 * state directory ({@code PROVISIONING_STACK_DIR}, which {@code deploy/stack test} sets to a
 * directory of its own, else {@code .stack} under the root).
 */
public final class StackPaths {

    private StackPaths() {
    }

    /** The repository root, holding {@code deploy/stack}. */
    public static Path root() {
        String configured = System.getProperty("stack.root");
        Path root = (configured == null || configured.isBlank() ? Path.of("..") : Path.of(configured))
                .toAbsolutePath().normalize();
        if (!Files.isExecutable(root.resolve("deploy/stack"))) {
            throw new IllegalStateException("no deploy/stack under " + root + " (set -Dstack.root)");
        }
        return root;
    }

    /** The running stack's state: logs, pids, data and configuration. */
    public static Path stackDir() {
        String configured = System.getenv("PROVISIONING_STACK_DIR");
        return configured == null || configured.isBlank() ? root().resolve(".stack")
                : Path.of(configured).toAbsolutePath().normalize();
    }

    public static Path logs() {
        return stackDir().resolve("logs");
    }

    public static Path pids() {
        return stackDir().resolve("pids");
    }

    public static Path conf() {
        return stackDir().resolve("conf");
    }
}
