package io.provisioning.systemtests;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.UUID;

/**
 * The synthetic workforce of the fault drill and its HR events in three phases (joiners, then
 * movers, then leavers), and what the default access policy prescribes for each worker's final HR
 * state. The expectation is worked out here from the events alone, from the policy as written
 * (default-policy.yaml), not by asking the engine.
 *
 * <p>Names collide on purpose: three workers share each family name and the initial of their
 * given names, so every account name is contested three times.
 */
final class FaultWorkforce {

    static final List<String> DEPARTMENTS = List.of("Engineering", "Sales", "Finance", "Marketing", "Support", "Legal");
    private static final List<String> GIVEN_NAMES = List.of("Ada", "Alan", "Anita");
    private static final Map<String, String> DIRECTORY_GROUP = Map.of("Engineering", "engineering", "Sales", "sales",
            "Finance", "finance", "Marketing", "marketing", "Support", "support", "Legal", "legal");
    private static final Map<String, String> APPS_GROUP = Map.of("Engineering", "developers", "Support", "support-desk");
    private static final List<String> APPROVER_TITLES = List.of("Controller", "Finance Manager", "CFO");

    /** One worker: as hired, where a move takes it (null: no move), and whether it leaves. */
    record Worker(String id, String givenName, String familyName, boolean contractor, String department, String title,
                  String movedTo, String movedTitle, boolean leaves) {

        String finalDepartment() {
            return movedTo == null ? department : movedTo;
        }

        String finalTitle() {
            return movedTo == null ? title : movedTitle;
        }

        boolean everIn(String... departments) {
            for (String d : departments) {
                if (d.equals(department) || d.equals(movedTo)) {
                    return true;
                }
            }
            return false;
        }
    }

    /** An account as the policy prescribes it: enabled or not, and exactly these managed groups. */
    record ExpectedAccount(boolean enabled, TreeSet<String> groups) {
    }

    final String prefix;
    final String familyStem;
    final List<Worker> workers;
    private final LocalDate startDate = LocalDate.now(ZoneOffset.UTC).minusDays(3);
    private final LocalDate leavingDate = LocalDate.now(ZoneOffset.UTC).minusDays(1);

    /** @param count how many workers; the events number about 1.7 per worker */
    FaultWorkforce(int count) {
        String run = UUID.randomUUID().toString().replace("-", "").substring(0, 6).toUpperCase();
        prefix = "FT" + run + "-";
        familyStem = "Flt" + letters(Long.parseLong(run, 16), 5);
        workers = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String department = DEPARTMENTS.get(i % DEPARTMENTS.size());
            boolean contractor = i % 10 == 7;
            String title = department.equals("Finance") && i % 4 == 0 ? "Controller" : department + " Specialist";
            // half the workers move, to a department two further on (every department gains and loses some)
            String movedTo = i % 2 == 0 ? DEPARTMENTS.get((i + 2) % DEPARTMENTS.size()) : null;
            String movedTitle = movedTo == null ? null
                    : movedTo.equals("Finance") && i % 3 == 0 ? "Finance Manager" : "Senior " + movedTo + " Specialist";
            workers.add(new Worker(prefix + i, GIVEN_NAMES.get(i % 3), familyStem + letters(i / 3, 3), contractor,
                    department, title, movedTo, movedTitle, i % 5 == 1));
        }
    }

    /** Joiners, movers, leavers: one list of CloudEvents (JSON) per phase, workers in order. */
    List<List<String>> phases() {
        // each phase a second later: a worker's events must be ordered by their time, not by chance
        Instant hired = Instant.now();
        Instant moved = hired.plusSeconds(1);
        Instant left = hired.plusSeconds(2);
        List<String> hires = new ArrayList<>();
        List<String> moves = new ArrayList<>();
        List<String> leaves = new ArrayList<>();
        for (Worker w : workers) {
            hires.add(event("hr.worker.hired", hired, w.id(), record(w, w.department(), w.title())));
            if (w.movedTo() != null) {
                moves.add(event("hr.worker.updated", moved, w.id(), record(w, w.movedTo(), w.movedTitle())));
            }
            if (w.leaves()) {
                leaves.add(event("hr.worker.terminated", left, w.id(),
                        "{\"workerId\":\"%s\",\"effectiveDate\":\"%s\",\"reason\":\"resignation\"}"
                                .formatted(w.id(), leavingDate)));
            }
        }
        return List.of(hires, moves, leaves);
    }

    /** corp-ldap: every worker has an account (birthright), enabled while employed. */
    static ExpectedAccount directory(Worker w) {
        TreeSet<String> groups = new TreeSet<>();
        if (!w.leaves()) {
            groups.add(w.contractor() ? "external-staff" : "all-staff");
            groups.add(DIRECTORY_GROUP.get(w.finalDepartment()));
        }
        return new ExpectedAccount(!w.leaves(), groups);
    }

    /**
     * apps-scim: an account once a rule granted something there (Engineering, Support); enabled
     * while a rule still does and the worker is employed.
     */
    static Optional<ExpectedAccount> apps(Worker w) {
        if (!w.everIn("Engineering", "Support")) {
            return Optional.empty();
        }
        String group = APPS_GROUP.get(w.finalDepartment());
        boolean enabled = !w.leaves() && group != null;
        TreeSet<String> groups = new TreeSet<>();
        if (enabled) {
            groups.add(group);
        }
        return Optional.of(new ExpectedAccount(enabled, groups));
    }

    /** legacy-db: an account once in Finance (no vendors here); approvers by job title, employees only. */
    static Optional<ExpectedAccount> ledger(Worker w) {
        if (!w.everIn("Finance")) {
            return Optional.empty();
        }
        boolean enabled = !w.leaves() && w.finalDepartment().equals("Finance");
        TreeSet<String> groups = new TreeSet<>();
        if (enabled) {
            groups.add("ledger-users");
            if (!w.contractor() && APPROVER_TITLES.contains(w.finalTitle())) {
                groups.add("ledger-approvers");
            }
        }
        return Optional.of(new ExpectedAccount(enabled, groups));
    }

    private String record(Worker w, String department, String title) {
        String end = w.contractor() ? ",\"endDate\":\"" + startDate.plusYears(1) + "\"" : "";
        return """
                {"workerId":"%s","givenName":"%s","familyName":"%s","workerType":"%s","department":"%s",\
                "jobTitle":"%s","startDate":"%s"%s}"""
                .formatted(w.id(), w.givenName(), w.familyName(), w.contractor() ? "CONTRACTOR" : "EMPLOYEE",
                        department, title, startDate, end);
    }

    private static String event(String type, Instant time, String workerId, String data) {
        return """
                {"specversion":"1.0","id":"%s","source":"urn:hris:fault-drill","type":"%s","subject":"%s",\
                "time":"%s","datacontenttype":"application/json","data":%s}"""
                .formatted(UUID.randomUUID(), type, workerId, time, data);
    }

    /** Base-26 in lower-case letters, at least {@code width} long: account names keep letters only. */
    static String letters(long n, int width) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < width || n > 0; i++) {
            s.append((char) ('a' + n % 26));
            n /= 26;
        }
        return s.reverse().toString();
    }
}
