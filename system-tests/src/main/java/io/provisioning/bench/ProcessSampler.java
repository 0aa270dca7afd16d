package io.provisioning.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * CPU time and resident memory of each component of the local stack, read from /proc for the pids
 * under {@code .stack/pids} (a component's child processes count as its own: PostgreSQL's backends,
 * Keycloak's JVM under its launcher), and of the benchmark's own JVM ("load-generator"), which
 * runs on the same cores. CPU is read when a phase starts and ends; memory every
 * {@value #MEMORY_SAMPLE_SECONDS} s and when a phase ends.
 *
 * <p>Memory is sampled seldom because reading it costs: the kernel walks every page of a process
 * to total its PSS, and sampled every half second over eight processes that took 14 % of this
 * 2-core machine (perf, in the joiner phase), CPU taken from the system under test. A JVM's
 * footprint grows in steps and stays, so a peak is still seen within seconds. Even every 5 s the
 * walk is not free: PostgreSQL's backends each map its 512 MB of shared buffers, and one sample of
 * the stack's 52 processes took 175 ms of kernel CPU. So the pages are walked by a reader process
 * at the lowest CPU priority ({@value #READER_NICENESS}): while the stack keeps both cores busy it
 * waits, and it reads when a core is free (at the latest when the phase ends).
 */
final class ProcessSampler implements AutoCloseable {

    /**
     * One component over one phase: CPU seconds used, the parts of them its JVM's JIT compiler
     * threads and its garbage collector's threads used (0 for a process that is not a JVM), and the
     * highest memory seen (PSS, see {@link #rssBytes}).
     */
    record Usage(String component, double cpuSeconds, double jitCpuSeconds, double gcCpuSeconds, long peakRssBytes) {
        /** False for the benchmark's own JVM, which is shown but is not part of the system measured. */
        boolean ofStack() {
            return !component.equals(LOAD_GENERATOR);
        }
    }

    /** HotSpot's compiler threads ("C1 CompilerThread0", "C2 CompilerThread1", ...; comm keeps 15 characters). */
    private static final Predicate<String> JIT_THREAD = name -> name.startsWith("C1 CompilerThre")
            || name.startsWith("C2 CompilerThre");
    /**
     * HotSpot's collector threads: the parallel workers of G1 and Parallel ("GC Thread#0"), G1's
     * concurrent ones ("G1 Conc#0", "G1 Refine#0", "G1 Main Marker", ...), and the VM thread, which
     * runs the serial collector and every other safepoint operation.
     */
    private static final Predicate<String> GC_THREAD = name -> name.startsWith("GC Thread") || name.startsWith("G1 ")
            || name.startsWith("VM Thread");

    static final int MEMORY_SAMPLE_SECONDS = 5;
    /** The niceness of the process that reads the PSS: the lowest priority there is. */
    static final int READER_NICENESS = 19;
    private static final Pattern PSS_LINE = Pattern.compile("/proc/(\\d+)/smaps_rollup:Pss:\\s+(\\d+) kB");
    private static final String LOAD_GENERATOR = "load-generator";
    private static final long CLOCK_TICKS = 100; // USER_HZ on Linux
    private static final long PAGE = 4096;

    private final Map<String, Integer> pids = new LinkedHashMap<>();
    private final Map<String, Double> cpuAtStart = new LinkedHashMap<>();
    private final Map<String, Double> jitCpuAtStart = new LinkedHashMap<>();
    private final Map<String, Double> gcCpuAtStart = new LinkedHashMap<>();
    private final Map<String, Long> peakRss = new LinkedHashMap<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "process-sampler");
        t.setDaemon(true);
        return t;
    });

    ProcessSampler(Path pidDirectory) throws IOException {
        try (var files = Files.list(pidDirectory)) {
            for (Path file : files.sorted().toList()) {
                String name = file.getFileName().toString().replace(".pid", "");
                String text = Files.readString(file).trim();
                if (!text.isEmpty()) {
                    pids.put(name, Integer.parseInt(text.replaceAll("[^0-9]", "")));
                }
            }
        }
        pids.put(LOAD_GENERATOR, (int) ProcessHandle.current().pid());
        timer.scheduleAtFixedRate(this::sampleRss, 0, MEMORY_SAMPLE_SECONDS, TimeUnit.SECONDS);
    }

    /** Starts a phase: CPU counted from now, peaks forgotten. */
    synchronized void startPhase() {
        pids.forEach((name, pid) -> {
            List<Integer> processes = tree(pid);
            cpuAtStart.put(name, cpuSeconds(processes));
            jitCpuAtStart.put(name, threadCpuSeconds(processes, JIT_THREAD));
            gcCpuAtStart.put(name, threadCpuSeconds(processes, GC_THREAD));
        });
        peakRss.clear();
    }

    /** The usage of every component since {@link #startPhase()}. */
    synchronized List<Usage> endPhase() {
        sampleRss();
        List<Usage> usage = new ArrayList<>();
        pids.forEach((name, pid) -> {
            List<Integer> processes = tree(pid);
            usage.add(new Usage(name, cpuSeconds(processes) - cpuAtStart.getOrDefault(name, 0.0),
                    threadCpuSeconds(processes, JIT_THREAD) - jitCpuAtStart.getOrDefault(name, 0.0),
                    threadCpuSeconds(processes, GC_THREAD) - gcCpuAtStart.getOrDefault(name, 0.0),
                    peakRss.getOrDefault(name, 0L)));
        });
        return usage;
    }

    private synchronized void sampleRss() {
        Map<String, List<Integer>> trees = new LinkedHashMap<>();
        pids.forEach((name, pid) -> trees.put(name, tree(pid)));
        Map<Integer, Long> pss = pssBytes(trees.values().stream().flatMap(List::stream).toList());
        trees.forEach((name, processes) -> peakRss.merge(name, rssBytes(processes, pss), Math::max));
    }

    /** The process and its descendants. */
    private static List<Integer> tree(int root) {
        List<Integer> all = new ArrayList<>();
        all.add(root);
        for (int i = 0; i < all.size(); i++) {
            all.addAll(children(all.get(i)));
        }
        return all;
    }

    private static List<Integer> children(int pid) {
        List<Integer> children = new ArrayList<>();
        try (var tasks = Files.list(Path.of("/proc", Integer.toString(pid), "task"))) {
            for (Path task : tasks.toList()) {
                Path file = task.resolve("children");
                if (Files.exists(file)) {
                    for (String child : Files.readString(file).trim().split("\\s+")) {
                        if (!child.isEmpty()) {
                            children.add(Integer.parseInt(child));
                        }
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            // the process ended: it has no children any more
        }
        return children;
    }

    /**
     * CPU of the processes and of every child they have reaped: a PostgreSQL backend that exits
     * during a phase leaves the tree, and its time would otherwise be subtracted from the phase
     * (postgres showed -0.2 s); once reaped it is counted in its parent's cutime and cstime.
     */
    private static double cpuSeconds(List<Integer> processes) {
        long ticks = 0;
        for (int pid : processes) {
            String[] stat = stat(pid);
            ticks += cpuTicks(stat) + reapedChildrenTicks(stat);
        }
        return ticks / (double) CLOCK_TICKS;
    }

    /** cutime + cstime of a stat line split by {@link #fields}; 0 if it could not be read. */
    private static long reapedChildrenTicks(String[] stat) {
        return stat.length > 16 ? Long.parseLong(stat[15]) + Long.parseLong(stat[16]) : 0;
    }

    /** utime + stime of a stat line split by {@link #fields}; 0 if it could not be read. */
    private static long cpuTicks(String[] stat) {
        return stat.length > 14 ? Long.parseLong(stat[13]) + Long.parseLong(stat[14]) : 0;
    }

    /**
     * CPU of the threads whose names match: what a JVM spends besides the work itself (compiling
     * code until it is warm, collecting garbage) competes with that work on the same cores.
     */
    private static double threadCpuSeconds(List<Integer> processes, Predicate<String> threadName) {
        long ticks = 0;
        for (int pid : processes) {
            try (var tasks = Files.list(Path.of("/proc", Integer.toString(pid), "task"))) {
                for (Path task : tasks.toList()) {
                    if (threadName.test(readOrEmpty(task.resolve("comm")).strip())) {
                        ticks += cpuTicks(fields(readOrEmpty(task.resolve("stat")), pid));
                    }
                }
            } catch (IOException | RuntimeException e) {
                // the process ended
            }
        }
        return ticks / (double) CLOCK_TICKS;
    }

    private static String readOrEmpty(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return ""; // the thread ended
        }
    }

    /**
     * The memory of the processes with shared pages divided among their sharers (PSS): PostgreSQL's
     * backends each map the whole shared buffer pool, which RSS would count once per backend. Falls
     * back to RSS where the PSS could not be read.
     */
    private static long rssBytes(List<Integer> processes, Map<Integer, Long> pss) {
        long bytes = 0;
        for (int pid : processes) {
            Long known = pss.get(pid);
            if (known != null) {
                bytes += known;
            } else {
                String[] stat = stat(pid);
                if (stat.length > 23) {
                    bytes += Long.parseLong(stat[23]) * PAGE;
                }
            }
        }
        return bytes;
    }

    /**
     * The PSS of each process that could be read (not another user's, still running), from its
     * smaps_rollup, read by one grep at the lowest priority (see the class comment); empty if that
     * process could not be started.
     */
    private static Map<Integer, Long> pssBytes(List<Integer> processes) {
        List<String> command = new ArrayList<>(List.of("nice", "-n", Integer.toString(READER_NICENESS), "grep", "-H",
                "^Pss:"));
        processes.forEach(pid -> command.add("/proc/" + pid + "/smaps_rollup"));
        Map<Integer, Long> pss = new HashMap<>();
        try {
            Process reader = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            try (BufferedReader lines = reader.inputReader()) {
                // "/proc/1234/smaps_rollup:Pss:   56789 kB"
                lines.lines().map(PSS_LINE::matcher).filter(Matcher::matches).forEach(m ->
                        pss.put(Integer.parseInt(m.group(1)), Long.parseLong(m.group(2)) * 1024));
            }
            reader.waitFor();
        } catch (IOException e) {
            // no grep or nice: every process falls back to its RSS
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return pss;
    }

    /** The fields of /proc/PID/stat after the command name (which may contain spaces), numbered as in proc(5) from 0. */
    private static String[] stat(int pid) {
        try {
            return fields(Files.readString(Path.of("/proc", Integer.toString(pid), "stat")), pid);
        } catch (IOException | RuntimeException e) {
            return new String[0];
        }
    }

    /** A process's or a thread's stat line split as {@link #stat} describes; empty if the line is. */
    private static String[] fields(String text, int pid) {
        if (text.isEmpty()) {
            return new String[0];
        }
        String afterName = text.substring(text.lastIndexOf(')') + 2);
        String[] rest = afterName.split(" ");
        String[] fields = new String[rest.length + 2];
        fields[0] = Integer.toString(pid);
        fields[1] = "name";
        System.arraycopy(rest, 0, fields, 2, rest.length);
        return fields;
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
