package io.provisioning.common.health;

import io.quarkus.arc.Arc;
import io.quarkus.arc.ManagedContext;
import io.smallrye.health.SmallRyeHealth;
import io.smallrye.health.SmallRyeHealthReporter;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * {@code /q/health} answers without a token, so it says UP or DOWN per check and nothing more: a
 * check's data (a messaging channel's or a datasource's error text, which can name a host, a user or
 * an exception) is never in the answer. It is in the log instead, once each time a check goes DOWN,
 * for the operator who reads the service's log.
 *
 * <p>Served ahead of the health extension's own routes, from the same checks.
 */
@ApplicationScoped
public class HealthWithoutDetails {

    private static final Logger LOG = Logger.getLogger(HealthWithoutDetails.class);
    private static final String ROOT = "/q/health";
    private static final Map<String, Function<SmallRyeHealthReporter, SmallRyeHealth>> PROCEDURES = Map.of(
            "", SmallRyeHealthReporter::getHealth,
            "/live", SmallRyeHealthReporter::getLiveness,
            "/ready", SmallRyeHealthReporter::getReadiness,
            "/started", SmallRyeHealthReporter::getStartup,
            "/well", SmallRyeHealthReporter::getWellness);

    @Inject
    SmallRyeHealthReporter reporter;

    /** Each check's last status, to log its data when it goes DOWN rather than on every probe. */
    private final Map<String, String> lastStatus = new ConcurrentHashMap<>();

    void serve(@Observes Router router) {
        router.routeWithRegex("^" + ROOT + "(/.*)?$").order(-10).blockingHandler(this::answer);
    }

    private void answer(RoutingContext context) {
        String rest = context.normalizedPath().substring(ROOT.length());
        if (rest.endsWith("/")) {
            rest = rest.substring(0, rest.length() - 1);
        }
        Function<SmallRyeHealthReporter, SmallRyeHealth> procedure = PROCEDURES.get(rest);
        if (procedure == null) {
            // groups and anything else the extension would answer: not offered without a token
            context.response().setStatusCode(404).end();
            return;
        }
        SmallRyeHealth health = inRequestContext(() -> procedure.apply(reporter));
        JsonArray checks = new JsonArray();
        for (jakarta.json.JsonValue value : health.getPayload().getJsonArray("checks")) {
            jakarta.json.JsonObject check = value.asJsonObject();
            String name = check.getString("name", "");
            String status = check.getString("status", "DOWN");
            remember(name, status, check);
            checks.add(new JsonObject().put("name", name).put("status", status));
        }
        String body = new JsonObject().put("status", health.isDown() ? "DOWN" : "UP").put("checks", checks)
                .encodePrettily();
        context.response().setStatusCode(health.isDown() ? 503 : 200)
                .putHeader("Content-Type", "application/json; charset=UTF-8")
                .putHeader("Cache-Control", "no-store").end(body);
    }

    private void remember(String name, String status, jakarta.json.JsonObject check) {
        String before = lastStatus.put(name, status);
        if ("DOWN".equals(status) && !"DOWN".equals(before)) {
            LOG.warnf("health check %s is DOWN: %s", name, check.containsKey("data") ? check.get("data") : "{}");
        } else if ("UP".equals(status) && "DOWN".equals(before)) {
            LOG.infof("health check %s is UP again", name);
        }
    }

    private static SmallRyeHealth inRequestContext(java.util.function.Supplier<SmallRyeHealth> call) {
        ManagedContext requestContext = Arc.container().requestContext();
        if (requestContext.isActive()) {
            return call.get();
        }
        requestContext.activate();
        try {
            return call.get();
        } finally {
            requestContext.terminate();
        }
    }
}
