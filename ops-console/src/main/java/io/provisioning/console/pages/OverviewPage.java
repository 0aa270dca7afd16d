package io.provisioning.console.pages;

import io.provisioning.console.metrics.MetricsSampler;
import io.provisioning.console.services.Service;
import io.provisioning.console.services.ServiceClient;
import io.provisioning.console.services.ServiceException;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** The start page: one row per target with its health and figures, and the last hour's chart. */
@Path("/")
public class OverviewPage {

    @Inject
    ServiceClient services;

    @Inject
    MetricsSampler sampler;

    @Inject
    Viewer viewer;

    /** A target as connector-service lists it. */
    public record Target(String id, String type, String health, String circuit, long backlog, long applied, long noop,
                         long failed, String lastError) {
    }

    /**
     * A row of the overview: the target's state now and its figures over the last hour.
     *
     * @param state {@code down} (red: not reachable, or its circuit is open), {@code degraded} (amber:
     *              commands failed this hour, or the circuit lets a trial through) or {@code ok}
     */
    public record TargetRow(Target target, long succeededLastHour, long failedLastHour, String p50, String p99,
                            Instant lastSuccess, String state) {
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance overview(List<TargetRow> rows, String problem);

        static native TemplateInstance overview$targets(List<TargetRow> rows, String problem);

        static native TemplateInstance welcome();
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance start() {
        if (!viewer.operator()) {
            return Templates.welcome();
        }
        Rows rows = rows();
        return Templates.overview(rows.rows(), rows.problem());
    }

    /** The table alone, which the page reloads every few seconds. */
    @GET
    @Path("overview/targets")
    @RolesAllowed(Roles.OPERATOR)
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance targets() {
        Rows rows = rows();
        return Templates.overview$targets(rows.rows(), rows.problem());
    }

    /** The chart's columns (epoch seconds, commands a second, p99 ms), as uPlot takes them. */
    @GET
    @Path("overview/series")
    @RolesAllowed(Roles.OPERATOR)
    @Produces(MediaType.APPLICATION_JSON)
    public MetricsSampler.Series series() {
        return sampler.series();
    }

    private record Rows(List<TargetRow> rows, String problem) {
    }

    private Rows rows() {
        Target[] targets;
        try {
            targets = services.get(Service.CONNECTOR, "/api/v1/targets", Map.of(), Target[].class);
        } catch (ServiceException e) {
            return new Rows(List.of(), e.explanation());
        }
        Map<String, MetricsSampler.TargetFigures> figures = sampler.figures();
        List<TargetRow> rows = Arrays.stream(targets).map(target -> {
            MetricsSampler.TargetFigures f = figures.get(target.id());
            long failed = f == null ? 0 : f.failed();
            String state = !"UP".equals(target.health()) || "OPEN".equals(target.circuit()) ? "down"
                    : failed > 0 || !"CLOSED".equals(target.circuit()) ? "degraded" : "ok";
            return f == null
                    ? new TargetRow(target, 0, 0, "–", "–", null, state)
                    : new TargetRow(target, f.succeeded(), failed, millis(f.p50Millis()), millis(f.p99Millis()),
                            f.lastSuccess(), state);
        }).toList();
        return new Rows(rows, sampler.samplingProblem());
    }

    private static String millis(long value) {
        return value < 0 ? "–" : "≤ " + value + " ms";
    }
}
