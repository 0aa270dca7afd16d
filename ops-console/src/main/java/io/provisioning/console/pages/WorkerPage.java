package io.provisioning.console.pages;

import io.provisioning.console.services.AuditApi;
import io.provisioning.console.services.PolicyApi;
import io.provisioning.console.services.Service;
import io.provisioning.console.services.ServiceClient;
import io.provisioning.console.services.ServiceException;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** A worker: search, then identity, lifecycle, accounts, schedule, and for auditors the audit trail. */
@Path("/workers")
@RolesAllowed({Roles.OPERATOR, Roles.AUDITOR})
public class WorkerPage {

    private static final Pattern WORKER_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm z");

    @Inject
    ServiceClient services;

    @Inject
    Viewer viewer;

    /** A scheduled action with its instant in the worker's time zone. */
    public record ScheduledRow(String action, Instant dueAt, String local) {
    }

    /** One HR event (or other cause) and the commands and outcomes recorded under its correlation id. */
    public record TraceGroup(String correlationId, List<AuditApi.AuditRecord> records) {
    }

    /**
     * The auditor's part of the page.
     *
     * @param covered how many of the worker's records the verified chain covers
     */
    public record AuditPart(List<TraceGroup> trace, AuditApi.Access access, String accessAt, String accessProblem,
                            AuditApi.Verification verification, long covered, String problem) {
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance search(String q, List<PolicyApi.IdentitySummary> results, long total,
                                              String problem);

        static native TemplateInstance worker(PolicyApi.Identity identity, List<ScheduledRow> scheduled,
                                              AuditPart audit);
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    public Object search(@QueryParam("q") String q) {
        String text = q == null ? "" : q.strip();
        if (text.isEmpty()) {
            return Templates.search("", List.of(), 0, null);
        }
        if (!viewer.operator()) {
            // auditors may read an identity but not list them: the search is by exact worker id
            return WORKER_ID.matcher(text).matches() ? Response.seeOther(URI.create("/workers/" + text)).build()
                    : Templates.search(text, List.of(), 0, "Enter a worker id (1-64 of A-Z a-z 0-9 . _ -)");
        }
        try {
            PolicyApi.IdentityPage page = services.get(Service.POLICY, "/api/v1/identities",
                    Map.of("q", text.length() > 100 ? text.substring(0, 100) : text, "size", 50),
                    PolicyApi.IdentityPage.class);
            if (page.total() == 1) {
                return Response.seeOther(URI.create("/workers/" + ServiceClient.encode(page.items().get(0).workerId())))
                        .build();
            }
            return Templates.search(text, page.items(), page.total(), null);
        } catch (ServiceException e) {
            return Templates.search(text, List.of(), 0, e.explanation());
        }
    }

    @GET
    @Path("{workerId}")
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance worker(@PathParam("workerId") String workerId, @QueryParam("at") String at) {
        PolicyApi.Identity identity = services.get(Service.POLICY, "/api/v1/identities/" + ServiceClient.encode(workerId),
                Map.of(), PolicyApi.Identity.class);
        ZoneId zone = zone(identity.timeZone());
        List<ScheduledRow> scheduled = identity.scheduled() == null ? List.of() : identity.scheduled().stream()
                .map(s -> new ScheduledRow(s.action(), s.dueAt(), s.dueAt() == null ? "" : LOCAL.format(s.dueAt().atZone(zone))))
                .toList();
        AuditPart audit = viewer.auditor() ? audit(identity.workerId(), at, zone) : null;
        return Templates.worker(identity, scheduled, audit);
    }

    private AuditPart audit(String workerId, String at, ZoneId zone) {
        String id = ServiceClient.encode(workerId);
        List<TraceGroup> trace;
        AuditApi.Verification verification;
        try {
            AuditApi.RecordPage page = services.get(Service.AUDIT, "/api/v1/audit/records",
                    Map.of("workerId", workerId, "limit", 500), AuditApi.RecordPage.class);
            trace = group(page.records());
            verification = services.get(Service.AUDIT, "/api/v1/audit/verify", Map.of(), AuditApi.Verification.class);
        } catch (ServiceException e) {
            return new AuditPart(List.of(), null, at, null, null, 0, e.explanation());
        }
        long covered = trace.stream().flatMap(g -> g.records().stream())
                .filter(r -> verification.valid() || (verification.firstBrokenSeq() != null && r.seq() < verification.firstBrokenSeq()))
                .count();
        AuditApi.Access access = null;
        String accessProblem = null;
        if (at != null && !at.isBlank()) {
            try {
                Instant instant = LocalDateTime.parse(at).atZone(zone).toInstant();
                access = services.get(Service.AUDIT, "/api/v1/audit/access/" + id, Map.of("at", instant.toString()),
                        AuditApi.Access.class);
            } catch (DateTimeParseException e) {
                accessProblem = "at: not a date and time (yyyy-MM-ddTHH:mm)";
            } catch (ServiceException e) {
                accessProblem = e.explanation();
            }
        }
        return new AuditPart(trace, access, at, accessProblem, verification, covered, null);
    }

    /** The worker's records by correlation id, each group in sequence order, the newest cause first. */
    static List<TraceGroup> group(List<AuditApi.AuditRecord> records) {
        Map<String, List<AuditApi.AuditRecord>> groups = new LinkedHashMap<>();
        for (AuditApi.AuditRecord record : records) {
            String key = record.correlationId() == null ? "seq " + record.seq() : record.correlationId();
            groups.computeIfAbsent(key, k -> new ArrayList<>()).add(record);
        }
        List<TraceGroup> trace = new ArrayList<>();
        groups.forEach((key, list) -> {
            list.sort(java.util.Comparator.comparingLong(AuditApi.AuditRecord::seq));
            trace.add(new TraceGroup(key, list));
        });
        trace.sort(java.util.Comparator.comparingLong((TraceGroup g) -> g.records().get(0).seq()).reversed());
        return trace;
    }

    private static ZoneId zone(String id) {
        try {
            return id == null ? ZoneId.of("UTC") : ZoneId.of(id);
        } catch (DateTimeException e) {
            return ZoneId.of("UTC");
        }
    }
}
