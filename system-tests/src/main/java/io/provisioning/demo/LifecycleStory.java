package io.provisioning.demo;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.unboundid.ldap.sdk.SearchResultEntry;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * A workforce's life through the running stack, told through its public interfaces only: HR
 * events and snapshots posted to hr-ingest, the directory (corp-ldap) read over LDAP, the audit
 * trail asked for each HR event's trace, the access held before and after, and its verification.
 * Time-dependent steps move the clocks of policy-service and hr-ingest forward
 * ({@code POST /api/v1/test/clock}, on the local stack only) instead of waiting. Each chapter is printed as it happens and kept for
 * the system test to check.
 */
public final class LifecycleStory {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Duration GRACE_DELETIONS = Duration.ofMinutes(5);
    private static final String GROUPS = ",ou=groups,dc=example,dc=com";

    /**
     * One step of the story, as observed.
     *
     * @param directoryBefore the worker's corp-ldap entry before, summarised; "(none)" when absent
     * @param directoryAfter  and after
     * @param causeType       the type of the HR event the audit trail traces the change to
     * @param outcomes        "target: STATUS" of every outcome the trace holds
     * @param accessBefore    what the audit trail says the worker held before, "target account state [groups]"
     * @param accessAfter     and after
     * @param trailValid      whether the audit trail's hash chain verified after the step
     */
    public record Chapter(String title, String workerId, String eventId, String directoryBefore, String directoryAfter,
                          String causeType, List<String> outcomes, List<String> accessBefore, List<String> accessAfter,
                          boolean trailValid) {
    }

    private final StackClient stack;
    private final Consumer<String> out;
    private final String run = UUID.randomUUID().toString().substring(0, 6).toUpperCase();
    /** The run in letters, for names: HR systems refuse digits in a family name. */
    private final String runName = letters(run);
    private final List<Chapter> chapters = new ArrayList<>();

    public LifecycleStory(StackClient stack, Consumer<String> out) {
        this.stack = stack;
        this.out = out;
    }

    public List<Chapter> chapters() {
        return List.copyOf(chapters);
    }

    /**
     * Plays every chapter in order; throws if the stack does not do what a chapter expects in time.
     * The clocks it moves are put back to the system clock when it ends, also when it fails, so that
     * later events on the stack are judged against the real day and the story can be played again.
     */
    public List<Chapter> play() {
        resetClocks();
        try {
            return playChapters();
        } finally {
            resetClocks();
        }
    }

    /** The worker the story follows from joiner to rehire. */
    public String protagonist() {
        return "ST-" + run + "-ADA";
    }

    private List<Chapter> playChapters() {
        String ada = protagonist();
        String carl = "ST-" + run + "-CARL";
        String vera = "ST-" + run + "-VERA";
        out.accept("The story of run " + run + "; policy-service's clock reads " + policyNow());

        LocalDate start = today().plusDays(2);
        chapter("1. A joiner hired today to start on " + start + " gets her account at the start instant", ada, () -> {
            String id = publish("hr.worker.hired", ada, worker(ada, "Ada", "Lovelace-" + runName, "EMPLOYEE", "Engineering",
                    "Engineer", start, null, null));
            awaitIdentity(ada, identity -> identity.path("lifecycle").asText().equals("PRE_HIRE"));
            out.accept("   before " + start + ": identity PRE_HIRE, directory " + summary(stack.directoryEntry(ada)));
            advance(Duration.ofDays(2));
            awaitEntry(ada, e -> e.isPresent() && memberOf(e.get(), "engineering") && !locked(e.get()));
            return id;
        });
        chapter("2. A mover from Engineering to Finance loses engineering and gains finance", ada, () -> {
            String id = publish("hr.worker.updated", ada, worker(ada, "Ada", "Lovelace-" + runName, "EMPLOYEE", "Finance",
                    "Controller", start, null, null));
            awaitEntry(ada, e -> e.isPresent() && memberOf(e.get(), "finance") && !memberOf(e.get(), "engineering"));
            return id;
        });
        chapter("3. A leave of absence disables the account", ada, () -> {
            String id = publish("hr.worker.leave-started", ada, dated(ada, today()));
            awaitEntry(ada, e -> e.isPresent() && locked(e.get()));
            return id;
        });
        chapter("4. The return from leave restores it with its groups", ada, () -> {
            String id = publish("hr.worker.leave-ended", ada, dated(ada, today()));
            awaitEntry(ada, e -> e.isPresent() && !locked(e.get()) && memberOf(e.get(), "finance"));
            return id;
        });
        LocalDate contractEnd = today().plusDays(10);
        chapter("5. A contractor whose contract ends on " + contractEnd + " is told 7 days before and loses access at the end",
                carl, () -> {
                    String id = publish("hr.worker.hired", carl, worker(carl, "Carl", "Contractor-" + runName, "CONTRACTOR",
                            "Engineering", "Consultant", today().minusDays(1), contractEnd, null));
                    awaitEntry(carl, e -> e.isPresent() && memberOf(e.get(), "external-staff") && !locked(e.get()));
                    advance(Duration.ofDays(4));
                    JsonNode notice = awaitAuditRecord(carl, "worker.access-expiring");
                    out.accept("   after 4 days: " + notice.path("type").asText() + " recorded, access ends "
                            + notice.path("payload").path("expiresAt").asText());
                    advance(Duration.ofDays(7));
                    awaitEntry(carl, e -> e.isPresent() && locked(e.get()));
                    return id;
                });
        chapter("6. A leaver is disabled at once and deleted after the 30-day grace period", ada, () -> {
            String id = publish("hr.worker.terminated", ada, """
                    {"workerId":"%s","effectiveDate":"%s","reason":"resignation"}""".formatted(ada, today()));
            awaitEntry(ada, e -> e.isPresent() && locked(e.get()) && !memberOf(e.get(), "finance"));
            out.accept("   at once: " + summary(stack.directoryEntry(ada)));
            advance(Duration.ofDays(31));
            // the jump makes every leaver of the stack whose grace ends within it due at once (the
            // system tests leave thousands): Ada's deletion waits its turn behind theirs
            await().atMost(GRACE_DELETIONS).until(() -> stack.directoryEntry(ada).isEmpty());
            return id;
        });
        chapter("7. A rehire gets the same account name back", ada, () -> {
            String id = publish("hr.worker.rehired", ada, worker(ada, "Ada", "Lovelace-" + runName, "EMPLOYEE", "Finance",
                    "Controller", today(), null, null));
            awaitEntry(ada, e -> e.isPresent() && !locked(e.get()) && memberOf(e.get(), "finance"));
            return id;
        });
        chapter("8. A vendor sponsored by an employee gets external access until the contract ends", vera, () -> {
            String id = publish("hr.worker.hired", vera, worker(vera, "Vera", "Vendor-" + runName, "VENDOR", "Operations",
                    "Support Engineer", today().minusDays(1), today().plusDays(60), ada));
            awaitEntry(vera, e -> e.isPresent() && memberOf(e.get(), "external-staff")
                    && "VENDOR".equals(e.get().getAttributeValue("employeeType")));
            return id;
        });
        snapshotChapter();
        return chapters();
    }

    /** 9. A snapshot that would terminate 30 % of its source is held until an operator approves it. */
    private void snapshotChapter() {
        String source = "story-" + run.toLowerCase();
        List<String> workers = new ArrayList<>();
        StringBuilder all = new StringBuilder("workerId,givenName,familyName,workerType,department,jobTitle,location,startDate,endDate\n");
        for (int i = 1; i <= 10; i++) {
            String id = "ST-" + run + "-S" + i;
            workers.add(id);
            all.append(id).append(",Sam,Snapshot-").append(runName).append((char) ('a' + i)).append(",EMPLOYEE,Sales,Account Executive,,")
                    .append(today().minusDays(1)).append(",\n");
        }
        JsonNode first = stack.post(stack.ingest + "/api/v1/hr-snapshots?source=" + source, StackClient.PUBLISHER,
                "text/csv", all.toString()).expect(202).body();
        out.accept("");
        out.accept("9. A snapshot that would terminate 30 % of its source is held until an operator approves it");
        out.accept("   first snapshot of " + source + ": " + first.path("status").asText() + ", hired " + first.path("hired").asInt());
        workers.forEach(w -> awaitEntry(w, e -> e.isPresent() && !locked(e.get())));
        String leaving = workers.get(0);
        Instant before = Instant.now();
        String remaining = all.toString().lines().filter(line -> workers.subList(0, 3).stream().noneMatch(w -> line.startsWith(w + ",")))
                .reduce("", (a, b) -> a + b + "\n");
        JsonNode held = stack.post(stack.ingest + "/api/v1/hr-snapshots?source=" + source, StackClient.PUBLISHER,
                "text/csv", remaining).expect(202).body();
        out.accept("   second snapshot without 3 of the 10: " + held.path("status").asText() + " (terminated "
                + held.path("terminated").asInt() + ")");
        String directoryHeld = summary(stack.directoryEntry(leaving));
        out.accept("   while held, " + leaving + " in corp-ldap: " + directoryHeld);
        JsonNode approved = stack.post(stack.ingest + "/api/v1/hr-snapshots/" + held.path("snapshotId").asText() + "/approve",
                StackClient.OPS, null, null).expect(200).body();
        out.accept("   approved by an operator: " + approved.path("status").asText());
        workers.subList(0, 3).forEach(w -> awaitEntry(w, e -> e.isPresent() && locked(e.get())));
        JsonNode termination = awaitAuditRecord(leaving, "hr.worker.terminated");
        String eventId = termination.path("correlationId").asText();
        JsonNode trace = awaitTrace(eventId, leaving);
        Instant after = Instant.now();
        Chapter chapter = new Chapter("9. A snapshot that would terminate 30 % is held until approved", leaving, eventId,
                directoryHeld + " | snapshot " + held.path("status").asText(), summary(stack.directoryEntry(leaving)),
                trace.path("cause").path("type").asText(), outcomes(trace), access(leaving, before), access(leaving, after),
                verified());
        report(chapter);
    }

    private void chapter(String title, String workerId, java.util.function.Supplier<String> step) {
        out.accept("");
        out.accept(title);
        String directoryBefore = summary(stack.directoryEntry(workerId));
        Instant before = Instant.now();
        String eventId = step.get();
        JsonNode trace = awaitTrace(eventId, workerId);
        Instant after = Instant.now();
        report(new Chapter(title, workerId, eventId, directoryBefore, summary(stack.directoryEntry(workerId)),
                trace.path("cause").path("type").asText(), outcomes(trace), access(workerId, before),
                access(workerId, after), verified()));
    }

    private void report(Chapter chapter) {
        chapters.add(chapter);
        out.accept("   corp-ldap before: " + chapter.directoryBefore());
        out.accept("   corp-ldap after : " + chapter.directoryAfter());
        out.accept("   audit trace of " + chapter.eventId() + ": " + chapter.causeType() + " -> " + chapter.outcomes());
        out.accept("   access held before: " + chapter.accessBefore());
        out.accept("   access held after : " + chapter.accessAfter());
        out.accept("   audit trail verified: " + (chapter.trailValid() ? "valid" : "BROKEN"));
    }

    // --- the stack -------------------------------------------------------------------------------

    private String publish(String type, String workerId, String data) {
        String id = UUID.randomUUID().toString();
        stack.post(stack.ingest + "/api/v1/hr-events", StackClient.PUBLISHER, "application/cloudevents+json", """
                {"specversion":"1.0","id":"%s","source":"urn:hris:story","type":"%s","subject":"%s","time":"%s",
                 "datacontenttype":"application/json","data":%s}""".formatted(id, type, workerId, Instant.now(), data))
                .expect(202);
        out.accept("   HR event " + type + " (" + id + ")");
        return id;
    }

    /** Both clocks back to the system clock (a story that was interrupted may have left them ahead). */
    private void resetClocks() {
        stack.delete(stack.ingest + "/api/v1/test/clock", StackClient.OPS).expect(200);
        stack.delete(stack.policy + "/api/v1/test/clock", StackClient.OPS).expect(200);
    }

    private Instant policyNow() {
        return Instant.parse(stack.get(stack.policy + "/api/v1/test/clock", StackClient.OPS).expect(200).body()
                .path("now").asText());
    }

    private LocalDate today() {
        return LocalDate.ofInstant(policyNow(), ZoneOffset.UTC);
    }

    /**
     * Moves HR time forward: the clocks of policy-service (effective dates, the schedule) and of
     * hr-ingest (the dates a snapshot's terminations take effect). The audit trail keeps real time.
     */
    private void advance(Duration by) {
        stack.post(stack.ingest + "/api/v1/test/clock?advance=" + by, StackClient.OPS, null, null).expect(200);
        JsonNode moved = stack.post(stack.policy + "/api/v1/test/clock?advance=" + by, StackClient.OPS, null, null)
                .expect(200).body();
        out.accept("   the HR clock (policy-service, hr-ingest) moved forward " + by.toDays() + " days, to "
                + moved.path("now").asText());
    }

    private void awaitIdentity(String workerId, Predicate<JsonNode> condition) {
        await().atMost(WAIT).until(() -> stack.identity(workerId).filter(condition).isPresent());
    }

    private void awaitEntry(String workerId, Predicate<Optional<SearchResultEntry>> condition) {
        await().atMost(WAIT).until(() -> condition.test(stack.directoryEntry(workerId)));
    }

    /**
     * The trace once policy-service has every outcome of the worker's commands and the audit
     * trail has held an outcome for each command it traces for a while (the trail reads each
     * topic on its own, so a command can arrive after another's outcome).
     */
    private JsonNode awaitTrace(String eventId, String workerId) {
        await().atMost(WAIT).until(() -> stack.identity(workerId).map(StackClient::settled).orElse(false));
        AtomicReference<JsonNode> trace = new AtomicReference<>();
        await().atMost(WAIT).during(Duration.ofMillis(1500)).until(() -> {
            StackClient.Answer answer = stack.get(stack.audit + "/api/v1/audit/trace/" + eventId, StackClient.AUDITOR);
            if (answer.status() != 200) {
                return false;
            }
            trace.set(answer.body());
            int commands = answer.body().path("commands").size();
            return commands > 0 && answer.body().path("outcomes").size() >= commands;
        });
        return trace.get();
    }

    private JsonNode awaitAuditRecord(String workerId, String type) {
        AtomicReference<JsonNode> record = new AtomicReference<>();
        await().atMost(WAIT).until(() -> {
            JsonNode items = stack.get(stack.audit + "/api/v1/audit/records?workerId=" + workerId + "&type=" + type
                    + "&limit=10", StackClient.AUDITOR).expect(200).body().path("records");
            if (items.isEmpty()) {
                return false;
            }
            record.set(items.get(0));
            return true;
        });
        return record.get();
    }

    private List<String> access(String workerId, Instant at) {
        List<String> held = new ArrayList<>();
        for (JsonNode account : stack.get(stack.audit + "/api/v1/audit/access/" + workerId + "?at=" + at,
                StackClient.AUDITOR).expect(200, 404).body().path("accounts")) {
            List<String> groups = new ArrayList<>();
            account.path("groups").forEach(g -> groups.add(g.asText()));
            held.add(account.path("targetId").asText() + " " + account.path("accountId").asText() + " "
                    + account.path("state").asText() + " " + groups);
        }
        return held;
    }

    private boolean verified() {
        return stack.get(stack.audit + "/api/v1/audit/verify", StackClient.AUDITOR).expect(200).body()
                .path("valid").asBoolean(false);
    }

    private static List<String> outcomes(JsonNode trace) {
        List<String> outcomes = new ArrayList<>();
        trace.path("outcomes").forEach(o -> outcomes.add(o.path("targetId").asText() + ": "
                + o.path("payload").path("status").asText()));
        return outcomes;
    }

    // --- the directory ---------------------------------------------------------------------------

    static String summary(Optional<SearchResultEntry> entry) {
        if (entry.isEmpty()) {
            return "(none)";
        }
        SearchResultEntry e = entry.get();
        TreeSet<String> groups = new TreeSet<>();
        String[] memberOf = e.getAttributeValues("memberOf");
        if (memberOf != null) {
            for (String dn : memberOf) {
                groups.add(dn.substring(3, dn.indexOf(',')));
            }
        }
        return "uid=" + e.getAttributeValue("uid") + ", " + (locked(e) ? "disabled" : "enabled") + ", groups " + groups;
    }

    static boolean locked(SearchResultEntry entry) {
        return entry.hasAttribute("pwdAccountLockedTime");
    }

    static boolean memberOf(SearchResultEntry entry, String group) {
        return entry.hasAttributeValue("memberOf", "cn=" + group + GROUPS);
    }

    private static String worker(String workerId, String given, String family, String type, String department,
                                 String title, LocalDate start, LocalDate end, String sponsor) {
        return """
                {"workerId":"%s","givenName":"%s","familyName":"%s","workerType":"%s","department":"%s",
                 "jobTitle":"%s","startDate":"%s"%s%s}""".formatted(workerId, given, family, type, department, title, start,
                end == null ? "" : ",\"endDate\":\"" + end + "\"", sponsor == null ? "" : ",\"sponsorId\":\"" + sponsor + "\"");
    }

    private static String letters(String text) {
        StringBuilder name = new StringBuilder();
        for (char c : text.toLowerCase().toCharArray()) {
            name.append(Character.isDigit(c) ? (char) ('a' + (c - '0')) : c);
        }
        name.setCharAt(0, Character.toUpperCase(name.charAt(0)));
        return name.toString();
    }

    private static String dated(String workerId, LocalDate effective) {
        return "{\"workerId\":\"%s\",\"effectiveDate\":\"%s\"}".formatted(workerId, effective);
    }
}
