package io.provisioning.bench;

import io.provisioning.stack.StackKafka;
import io.provisioning.bench.Ceilings.Ceiling;
import io.provisioning.bench.ProcessSampler.Usage;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.ToLongFunction;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;

/**
 * The whole system, end to end, on the running stack: N synthetic workers posted to hr-ingest as
 * joiners in batches, then 10 % of them moving, then 5 % leaving, then single events at a steady
 * rate. A phase ends when every event has its settled outcome from corp-ldap (OpenLDAP) and the
 * audit trail has consumed everything (its consumer groups have no lag). Per phase it prints
 * workers/s, the latency from HR acceptance to the target's acknowledgement (p50/p95/p99, measured
 * by the connector for each command), CPU and peak RSS per process, and what PostgreSQL wrote to its
 * write-ahead log and whether a checkpoint began (which makes a phase slower); beside them the machine's
 * raw ceilings measured in the same run (Kafka's producer tool, PostgreSQL COPY and single-row
 * inserts) and our rate as a ratio of each.
 *
 * <p>The workers are in departments the default policy gives a directory account only (no SCIM
 * or JDBC application): the figure is that of the LDAP target with audit on.
 *
 * <p>The JVMs compile their hot code while it first runs, on the same two cores: a fresh stack
 * spends about a third of its CPU on that during the first 100 000 joiners, and after 10 000 still
 * a quarter (perf: HotSpot's C2 compiler threads were the busiest threads of the machine). So other
 * workers first go through the same three phases in warm-up rounds of bench.warmUpWorkers, each
 * printed and not counted, until a round in which the JVMs' compiler threads used at most
 * bench.warmUpJitShare of the whole stack's CPU, or bench.warmUpRounds have run: the figures are
 * those of a stack that has been running, as one in production has. The directory keeps the
 * warm-up's accounts, so the measured phases start with larger groups (printed).
 *
 * <p>Settings: bench.workers (100 000), bench.warmUpWorkers (10 000 a round; 0 measures fresh
 * JVMs), bench.warmUpJitShare (0.10), bench.warmUpRounds (at most 8),
 * bench.batch (1000), bench.steadyRate (100/s),
 * bench.steadySeconds (30), bench.steadyWarmUpSeconds (180: at most this long single events are
 * sent in warm-up rounds before the steady phase is measured, see {@link #steady}),
 * bench.steadyJitSettledSeconds (1.0: the compiler threads' CPU, summed over the services, in a
 * 10 s round that ends the warm-up), bench.kafkaRecords (500 000), stack.pids, kafka.libs, bench.out.
 */
public final class EndToEndBenchmark {

    /** Departments whose rules grant directory groups only (names, titles, locations: Workforce's pools). */
    private static final String[] DEPARTMENTS = {"Sales", "Marketing", "Human Resources", "Legal", "Operations",
            "Facilities"};
    /** The group every worker joins: the directory's largest. */
    private static final String ALL_STAFF = "cn=all-staff,ou=groups,dc=example,dc=com";
    /**
     * How often the audit trail's lag is asked once every outcome is in: the phase ends up to this
     * late (100 ms before, 3 % of a leavers phase). Each asking is five small requests to Kafka.
     */
    private static final long AUDIT_LAG_CHECK_MILLIS = 20;
    private static final List<String> AUDIT_GROUPS = List.of("audit-service-hr-events", "audit-service-commands",
            "audit-service-outcomes", "audit-service-policy-changes");

    private final String ingest = System.getProperty("stack.ingest.url", "http://127.0.0.1:8081");
    private final String keycloak = System.getProperty("stack.keycloak.url", "http://127.0.0.1:8180");
    private final String policy = System.getProperty("stack.policy.url", "http://127.0.0.1:8082");
    /** Approves the termination holds the leavers phases cause (see {@link HoldApprover}). */
    private HoldApprover holdApprover;
    private final String bootstrap = StackKafka.bootstrapServers();
    private final int workers = Integer.getInteger("bench.workers", 100_000);
    private final int batch = Integer.getInteger("bench.batch", 1000);
    private final int steadyRate = Integer.getInteger("bench.steadyRate", 100);
    private final int steadySeconds = Integer.getInteger("bench.steadySeconds", 30);
    private final int steadyWarmUpSeconds = Integer.getInteger("bench.steadyWarmUpSeconds", 180);
    private final double steadyJitSettledSeconds = Double.parseDouble(System.getProperty("bench.steadyJitSettledSeconds", "1.0"));
    private final String run = "E" + UUID.randomUUID().toString().substring(0, 6).toUpperCase(Locale.ROOT);
    private final Random random = new Random(11);
    private final LocalDate start = LocalDate.now(ZoneOffset.UTC).minusDays(7);
    private final Map<Integer, String> departmentOf = new HashMap<>();
    private final DirectoryGroups directory = new DirectoryGroups();
    /** A database of the stack's cluster the benchmark may use: for the ceilings and the WAL's counters. */
    private static final String PG_URL = "jdbc:postgresql://127.0.0.1:15432/legacy";
    private static final String PG_USER = "legacy_app";
    private static final String PG_PASSWORD = "legacy_app";
    private final WriteAheadLog writeAheadLog = new WriteAheadLog(PG_URL, PG_USER, PG_PASSWORD);
    /** One client for the run: the audit lag is asked every 20 ms at the end of each phase. */
    private Admin admin;

    private static final int WARM_UP_ROUND_SECONDS = 10;
    private final List<WarmUpRound> warmUpRounds = new ArrayList<>();
    /** The warm-up workers are numbered from here, apart from the measured ones and the steady phase's. */
    private static final int WARM_UP_FIRST = 100_000_000;
    private final int warmUpWorkers = Integer.getInteger("bench.warmUpWorkers", 10_000);
    private final double warmUpJitShare = Double.parseDouble(System.getProperty("bench.warmUpJitShare", "0.10"));
    private final int maxWarmUpRounds = Integer.getInteger("bench.warmUpRounds", 8);
    private final List<PhaseResult> warmUpPhases = new ArrayList<>();

    /** The batch phases, in their order: who of workers first..first+count-1 the events are about. */
    private enum Lifecycle {
        JOINERS("joiners") {
            @Override
            List<String> events(EndToEndBenchmark b, int first, int count) {
                List<String> events = new ArrayList<>();
                for (int n = first; n < first + count; n++) {
                    events.add(b.event("hr.worker.hired", n, b.worker(n, null)));
                }
                return events;
            }
        },
        MOVERS("movers (10 %)") {
            @Override
            List<String> events(EndToEndBenchmark b, int first, int count) {
                List<String> events = new ArrayList<>();
                for (int n = first; n < first + count; n += 10) {
                    events.add(b.event("hr.worker.updated", n, b.worker(n,
                            "Legal".equals(b.departmentOf.get(n)) ? "Sales" : "Legal")));
                }
                return events;
            }
        },
        LEAVERS("leavers (5 %)") {
            @Override
            List<String> events(EndToEndBenchmark b, int first, int count) {
                List<String> events = new ArrayList<>();
                for (int n = first + 5; n < first + count; n += 20) {
                    events.add(b.event("hr.worker.terminated", n, "{\"workerId\":\"" + b.id(n) + "\",\"effectiveDate\":\""
                            + LocalDate.now(ZoneOffset.UTC).minusDays(1) + "\",\"reason\":\"resignation\"}"));
                }
                return events;
            }
        };

        private final String phaseName;

        Lifecycle(String phaseName) {
            this.phaseName = phaseName;
        }

        abstract List<String> events(EndToEndBenchmark benchmark, int first, int count);
    }

    /** One round of single events sent before the steady phase is measured. */
    record WarmUpRound(int round, int events, double seconds, Percentiles latency, double jitCpuSeconds) {
    }

    /**
     * What one phase achieved; allStaffMembers: the directory's largest group at its start (-1 if not read);
     * wal: what PostgreSQL wrote to its write-ahead log in the phase.
     */
    record PhaseResult(String name, int events, double seconds, double postSeconds, double lastAcknowledgedSeconds,
                       Percentiles latency, Percentiles beforeExecution, Percentiles execution, long failed,
                       List<Usage> usage, int allStaffMembers, WriteAheadLog.Counters wal) {
        double perSecond() {
            return events / seconds;
        }
    }

    public static void main(String[] args) throws Exception {
        new EndToEndBenchmark().run();
    }

    private void run() throws Exception {
        System.out.printf(Locale.ROOT, "end-to-end benchmark, run %s: %d workers (LDAP target, audit on)%n", run, workers);
        String token = BenchHttp.token(keycloak, "hris-publisher");
        List<PhaseResult> phases = new ArrayList<>();
        try (ProcessSampler sampler = new ProcessSampler(System.getProperty("stack.pids") != null
                ? Path.of(System.getProperty("stack.pids")) : io.provisioning.stack.StackPaths.pids());
             OutcomeWatcher outcomes = new OutcomeWatcher(bootstrap, run + "-");
             Admin opened = Admin.create(StackKafka.admin());
             HoldApprover approver = new HoldApprover(policy, BenchHttp.token(keycloak, "ops-console"))) {
            admin = opened;
            holdApprover = approver;
            if (warmUpWorkers > 0) {
                warmUp(token, sampler, outcomes);
            }
            for (Lifecycle step : Lifecycle.values()) {
                List<String> events = step.events(this, 0, workers);
                if (step != Lifecycle.LEAVERS) {
                    phases.add(phase(step.phaseName, events, token, sampler, outcomes));
                    continue;
                }
                // a mass leaving announced in advance: the warm-up rounds went through holds
                String allowance = approver.allow(events.size(), "benchmark run " + run + ": leavers phase");
                System.out.printf(Locale.ROOT, "%n%s: an operator's allowance lets the %d terminations through the"
                        + " burst guard (the warm-up rounds' went through holds)%n", step.phaseName, events.size());
                phases.add(phase(step.phaseName, events, token, sampler, outcomes));
                approver.withdraw(allowance);
            }
            phases.add(steady(token, sampler, outcomes));
        }
        System.out.println("\nraw ceilings of this machine, measured now:");
        List<Ceiling> ceilings = new ArrayList<>();
        ceilings.add(Ceilings.kafkaProducer(bootstrap, System.getProperty("kafka.libs"),
                Integer.getInteger("bench.kafkaRecords", 500_000)));
        ceilings.addAll(Ceilings.postgres(PG_URL, PG_USER, PG_PASSWORD, 500_000, 5_000));
        for (Ceiling c : ceilings) {
            System.out.printf(Locale.ROOT, "  %-60s %,10.0f/s; joiners end to end = %.4f of it%n", c.what(),
                    c.perSecond(), phases.get(0).perSecond() / c.perSecond());
        }
        write(phases, ceilings);
    }

    /** Warm-up rounds of the three phases, each with other workers, until the JIT has settled (see the class comment). */
    private void warmUp(String token, ProcessSampler sampler, OutcomeWatcher outcomes) throws Exception {
        for (int round = 1; round <= maxWarmUpRounds; round++) {
            System.out.printf(Locale.ROOT, "%nwarm-up round %d (not counted): %d other workers join, 10 %% of them move,"
                    + " 5 %% leave%n", round, warmUpWorkers);
            List<PhaseResult> phases = new ArrayList<>();
            int first = WARM_UP_FIRST + (round - 1) * warmUpWorkers;
            for (Lifecycle step : Lifecycle.values()) {
                // the warm-up leavers go beyond the burst guard's threshold: an operator approves their holds
                holdApprover.watching(step == Lifecycle.LEAVERS);
                try {
                    phases.add(phase("warm-up round " + round + " " + step.phaseName,
                            step.events(this, first, warmUpWorkers), token, sampler, outcomes));
                } finally {
                    holdApprover.watching(false);
                }
            }
            warmUpPhases.addAll(phases);
            List<Usage> services = phases.stream().flatMap(p -> p.usage().stream()).filter(Usage::ofStack).toList();
            double jit = services.stream().mapToDouble(Usage::jitCpuSeconds).sum();
            double cpu = services.stream().mapToDouble(Usage::cpuSeconds).sum();
            System.out.printf(Locale.ROOT, "%nwarm-up round %d: the JIT compilers used %.1f s of the stack's %.1f s of CPU"
                    + " (%.0f %%; the measured phases start at %.0f %%)%n", round, jit, cpu, 100 * jit / cpu, 100 * warmUpJitShare);
            if (jit <= warmUpJitShare * cpu) {
                return;
            }
        }
        System.out.printf(Locale.ROOT, "the JIT has not settled after %d warm-up rounds: measured anyway%n", maxWarmUpRounds);
    }

    private PhaseResult phase(String name, List<String> events, String token, ProcessSampler sampler,
            OutcomeWatcher outcomes) throws Exception {
        List<String> ids = events.stream().map(EndToEndBenchmark::eventId).toList();
        int allStaff = directory.members(ALL_STAFF);
        WriteAheadLog.Counters walAtStart = writeAheadLog.now();
        sampler.startPhase();
        long t0 = System.nanoTime();
        for (int i = 0; i < events.size(); i += batch) {
            post("[" + String.join(",", events.subList(i, Math.min(events.size(), i + batch))) + "]", token,
                    "application/cloudevents-batch+json");
        }
        double postSeconds = (System.nanoTime() - t0) / 1e9;
        return finish(name, ids, t0, postSeconds, sampler, outcomes, allStaff, walAtStart);
    }

    /**
     * Single events at a steady rate, each its own request, sent on schedule whatever the answers'
     * latency (requests overlap): the latency a single change sees under a steady trickle, once the
     * services are warm.
     *
     * <p>Until now every service ran its batch paths. A single event takes others, which HotSpot
     * compiles on the same two cores while they are first used: a method called once per request
     * reaches C2 only after thousands of requests. So single events are first sent in rounds of
     * {@value #WARM_UP_ROUND_SECONDS} s, each printed with its latency and the JIT's CPU, until a
     * round in which the services' compiler threads used at most bench.steadyJitSettledSeconds (or
     * bench.steadyWarmUpSeconds have passed); then the measured phase.
     */
    private PhaseResult steady(String token, ProcessSampler sampler, OutcomeWatcher outcomes) throws Exception {
        int next = workers;
        long warmUpStart = System.nanoTime();
        int round = 0;
        while (System.nanoTime() - warmUpStart < TimeUnit.SECONDS.toNanos(steadyWarmUpSeconds)) {
            round++;
            sampler.startPhase();
            long t0 = System.nanoTime();
            List<String> ids = postSteadily(token, steadyRate * WARM_UP_ROUND_SECONDS, next);
            next += ids.size();
            awaitSettled("steady warm-up round " + round, ids, t0, outcomes);
            double seconds = (System.nanoTime() - t0) / 1e9;
            List<Usage> usage = sampler.endPhase().stream().filter(Usage::ofStack).toList();
            double jit = usage.stream().mapToDouble(Usage::jitCpuSeconds).sum();
            Percentiles latency = latencies(ids, outcomes);
            warmUpRounds.add(new WarmUpRound(round, ids.size(), seconds, latency, jit));
            System.out.printf(Locale.ROOT, "steady warm-up round %d (not counted): %d single events applied after %.1f s; %s;"
                    + " JIT compiling %.1f s of CPU (%s)%n", round, ids.size(), seconds, latency, jit,
                    usage.stream().filter(u -> u.jitCpuSeconds() >= 0.1).map(u -> String.format(Locale.ROOT, "%s %.1f",
                            u.component(), u.jitCpuSeconds())).collect(Collectors.joining(", ")));
            if (jit <= steadyJitSettledSeconds) {
                break;
            }
        }
        int allStaff = directory.members(ALL_STAFF);
        WriteAheadLog.Counters walAtStart = writeAheadLog.now();
        sampler.startPhase();
        long t0 = System.nanoTime();
        List<String> ids = postSteadily(token, steadyRate * steadySeconds, next);
        double postSeconds = (System.nanoTime() - t0) / 1e9;
        return finish("steady " + steadyRate + "/s single events", ids, t0, postSeconds, sampler, outcomes, allStaff,
                walAtStart);
    }

    /** Posts count joiners, numbered from first, one per request at the steady rate; their event ids. */
    private List<String> postSteadily(String token, int count, int first) throws Exception {
        List<String> ids = new ArrayList<>();
        List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
        long t0 = System.nanoTime();
        long interval = TimeUnit.SECONDS.toNanos(1) / steadyRate;
        for (int i = 0; i < count; i++) {
            long wait = t0 + i * interval - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            int n = first + i;
            String event = event("hr.worker.hired", n, worker(n, null));
            ids.add(eventId(event));
            answers.add(BenchHttp.CLIENT.sendAsync(BenchHttp.post(ingest + "/api/v1/hr-events", token,
                    "application/cloudevents+json", event.getBytes(StandardCharsets.UTF_8)),
                    HttpResponse.BodyHandlers.ofString()));
        }
        for (CompletableFuture<HttpResponse<String>> answer : answers) {
            if (answer.get().statusCode() != 202) {
                throw new IllegalStateException("hr-ingest answered " + answer.get().statusCode() + ": " + answer.get().body());
            }
        }
        return ids;
    }

    private PhaseResult finish(String name, List<String> ids, long t0, double postSeconds, ProcessSampler sampler,
            OutcomeWatcher outcomes, int allStaffMembers, WriteAheadLog.Counters walAtStart) throws Exception {
        int holdsBefore = holdApprover.holds();
        int heldBefore = holdApprover.held();
        awaitSettled(name, ids, t0, outcomes);
        if (holdApprover.holds() > holdsBefore) {
            System.out.printf(Locale.ROOT, "  %s: %d terminations beyond the burst guard held in %d hold(s), each"
                    + " approved within %d ms of being listed%n", name, holdApprover.held() - heldBefore,
                    holdApprover.holds() - holdsBefore, Long.getLong("bench.holdPollMillis", 100));
        }
        while (auditLag() > 0) {
            TimeUnit.MILLISECONDS.sleep(AUDIT_LAG_CHECK_MILLIS);
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        // the connector's clock is this machine's: its completedAt places the last acknowledgement in the phase
        long t0EpochMillis = System.currentTimeMillis() - Math.round(seconds * 1000);
        double lastAcknowledged = (ids.stream().mapToLong(id -> outcomes.get(id).completedAtMillis()).max().orElse(t0EpochMillis)
                - t0EpochMillis) / 1e3;
        List<Usage> usage = sampler.endPhase();
        WriteAheadLog.Counters wal = writeAheadLog.since(walAtStart);
        long failed = ids.stream().filter(id -> outcomes.get(id).status().equals("FAILED")).count();
        PhaseResult result = new PhaseResult(name, ids.size(), seconds, postSeconds, lastAcknowledged, latencies(ids, outcomes),
                millis(ids, outcomes, s -> s.endToEndMillis() - s.executionMillis()),
                millis(ids, outcomes, OutcomeWatcher.Settled::executionMillis), failed, usage, allStaffMembers,
                wal);
        print(result);
        return result;
    }

    /** Waits until every event has its settled outcome, reporting progress every 10 s; at most 60 minutes from t0. */
    private static void awaitSettled(String name, List<String> ids, long t0, OutcomeWatcher outcomes)
            throws InterruptedException {
        boolean settled = outcomes.awaitSettled(ids, t0 + TimeUnit.MINUTES.toNanos(60), done -> System.out.printf(Locale.ROOT,
                "  %s: %d of %d applied after %.0f s%n", name, done, ids.size(), (System.nanoTime() - t0) / 1e9));
        if (!settled) {
            throw new IllegalStateException(name + ": not every event applied within 60 minutes");
        }
    }

    /** HR acceptance to the target's acknowledgement, of settled events. */
    private static Percentiles latencies(List<String> ids, OutcomeWatcher outcomes) {
        return millis(ids, outcomes, OutcomeWatcher.Settled::endToEndMillis);
    }

    private static Percentiles millis(List<String> ids, OutcomeWatcher outcomes,
            ToLongFunction<OutcomeWatcher.Settled> part) {
        return Percentiles.of(ids.stream()
                .mapToLong(id -> TimeUnit.MILLISECONDS.toNanos(part.applyAsLong(outcomes.get(id)))).toArray());
    }

    /** Records the audit trail's consumer groups have not yet stored. */
    private long auditLag() throws Exception {
        return BenchKafka.lag(admin, AUDIT_GROUPS);
    }

    private static void print(PhaseResult r) {
        System.out.printf(Locale.ROOT, "%n%s: %d events, posted in %.1f s, applied and audited after %.1f s: %.0f workers/s%n",
                r.name(), r.events(), r.postSeconds(), r.seconds(), r.perSecond());
        System.out.printf(Locale.ROOT, "  the last target acknowledgement after %.1f s; audit's committed offsets caught up %.1f s later%n",
                r.lastAcknowledgedSeconds(), r.seconds() - r.lastAcknowledgedSeconds());
        System.out.printf(Locale.ROOT, "  HR acceptance -> LDAP acknowledged: %s; failed %d%n", r.latency(), r.failed());
        if (r.allStaffMembers() >= 0) {
            System.out.printf(Locale.ROOT, "  the directory's group all-staff had %d members at the start%n", r.allStaffMembers());
        }
        System.out.printf(Locale.ROOT, "    of which until the connector began the batch that applied it: p50=%.1f p99=%.1f ms;"
                + " that batch: p50=%.1f p99=%.1f ms%n", r.beforeExecution().p50(), r.beforeExecution().p99(),
                r.execution().p50(), r.execution().p99());
        if (r.wal().bytes() >= 0) {
            System.out.printf(Locale.ROOT, "  PostgreSQL wrote %d MB of WAL (%d full-page images); checkpoints begun: %d%n",
                    r.wal().bytes() >> 20, r.wal().fullPageImages(), r.wal().checkpoints());
        }
        for (Usage u : r.usage()) {
            System.out.printf(Locale.ROOT, "  %-18s CPU %6.1f s (%5.0f %% of one core; JIT %5.1f s, GC %4.1f s)  peak memory (PSS) %5d MB%s%n",
                    u.component(), u.cpuSeconds(), 100 * u.cpuSeconds() / r.seconds(), u.jitCpuSeconds(), u.gcCpuSeconds(),
                    u.peakRssBytes() >> 20,
                    u.peakRssBytes() > (768L << 20) && !u.component().equals("keycloak") && u.ofStack()
                            ? "  (above 768 MB)" : "");
        }
    }

    private void write(List<PhaseResult> phases, List<Ceiling> ceilings) throws Exception {
        StringBuilder json = new StringBuilder("{\"run\":\"" + run + "\",\"workers\":" + workers
                + ",\"warmUpWorkers\":" + warmUpWorkers + ",\"warmUpJitShare\":" + warmUpJitShare
                + ",\"warmUpPhases\":[" + warmUpPhases.stream().map(EndToEndBenchmark::json).collect(Collectors.joining(","))
                + "],\"steadyWarmUpRounds\":[" + warmUpRounds.stream().map(w -> String.format(Locale.ROOT,
                        "{\"round\":%d,\"events\":%d,\"seconds\":%.2f,\"p50Ms\":%.1f,\"p99Ms\":%.1f,\"jitCpuSeconds\":%.1f}",
                        w.round(), w.events(), w.seconds(), w.latency().p50(), w.latency().p99(), w.jitCpuSeconds()))
                        .collect(Collectors.joining(",")) + "],\"phases\":[");
        json.append(phases.stream().map(EndToEndBenchmark::json).collect(Collectors.joining(",")));
        json.append("],\"ceilings\":[").append(ceilings.stream().map(c -> String.format(Locale.ROOT,
                "{\"what\":\"%s\",\"perSecond\":%.0f}", c.what(), c.perSecond())).collect(Collectors.joining(",")))
                .append("]}\n");
        Path out = Path.of(System.getProperty("bench.out", "target/bench/e2e.json"));
        Files.createDirectories(out.getParent());
        Files.writeString(out, json);
        System.out.println("results written to " + out.toAbsolutePath());
    }

    private static String json(PhaseResult r) {
        return String.format(Locale.ROOT,
                "{\"name\":\"%s\",\"events\":%d,\"seconds\":%.2f,\"perSecond\":%.1f,\"lastAcknowledgedSeconds\":%.2f,"
                        + "\"p50Ms\":%.1f,\"p95Ms\":%.1f,"
                        + "\"p99Ms\":%.1f,\"beforeExecutionP50Ms\":%.1f,\"beforeExecutionP99Ms\":%.1f,"
                        + "\"executionP50Ms\":%.1f,\"executionP99Ms\":%.1f,\"failed\":%d,\"allStaffMembersAtStart\":%d,"
                        + "\"walBytes\":%d,\"walFullPageImages\":%d,\"checkpointsBegun\":%d,"
                        + "\"processes\":[%s]}",
                r.name(), r.events(), r.seconds(), r.perSecond(), r.lastAcknowledgedSeconds(), r.latency().p50(), r.latency().p95(),
                r.latency().p99(), r.beforeExecution().p50(), r.beforeExecution().p99(), r.execution().p50(),
                r.execution().p99(), r.failed(), r.allStaffMembers(), r.wal().bytes(), r.wal().fullPageImages(),
                r.wal().checkpoints(), r.usage().stream().map(u -> String.format(Locale.ROOT,
                        "{\"name\":\"%s\",\"cpuSeconds\":%.1f,\"jitCpuSeconds\":%.1f,\"gcCpuSeconds\":%.1f,\"peakRssMb\":%d}",
                        u.component(), u.cpuSeconds(), u.jitCpuSeconds(), u.gcCpuSeconds(), u.peakRssBytes() >> 20))
                        .collect(Collectors.joining(",")));
    }

    private void post(String body, String token, String contentType) throws Exception {
        HttpResponse<String> answer = BenchHttp.CLIENT.send(BenchHttp.post(ingest + "/api/v1/hr-events", token,
                contentType, body.getBytes(StandardCharsets.UTF_8)), HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() != 202) {
            throw new IllegalStateException("hr-ingest answered " + answer.statusCode() + ": " + answer.body());
        }
    }

    private String id(int n) {
        return run + "-" + n;
    }

    private String worker(int n, String department) {
        String dept = department != null ? department : DEPARTMENTS[random.nextInt(DEPARTMENTS.length)];
        departmentOf.put(n, dept);
        boolean contractor = n % 10 == 3;
        return "{\"workerId\":\"" + id(n) + "\",\"givenName\":\"" + pick(Workforce.GIVEN) + "\",\"familyName\":\"" + pick(Workforce.FAMILY)
                + "\",\"workerType\":\"" + (contractor ? "CONTRACTOR" : "EMPLOYEE") + "\",\"department\":\"" + dept
                + "\",\"jobTitle\":\"" + pick(Workforce.TITLES) + "\",\"location\":\"" + pick(Workforce.LOCATIONS) + "\",\"startDate\":\""
                + start + "\"" + (contractor ? ",\"endDate\":\"" + start.plusYears(1) + "\"" : "") + "}";
    }

    private String event(String type, int n, String data) {
        return "{\"specversion\":\"1.0\",\"id\":\"" + UUID.randomUUID() + "\",\"source\":\"urn:hris:bench\",\"type\":\""
                + type + "\",\"subject\":\"" + id(n) + "\",\"time\":\"" + Instant.now()
                + "\",\"datacontenttype\":\"application/json\",\"data\":" + data + "}";
    }

    private static String eventId(String event) {
        int at = event.indexOf("\"id\":\"") + 6;
        return event.substring(at, event.indexOf('"', at));
    }

    private String pick(String[] values) {
        return values[random.nextInt(values.length)];
    }
}
