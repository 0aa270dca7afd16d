package io.provisioning.common.time;

import io.provisioning.common.problem.Problem;
import io.provisioning.common.problem.ProblemException;
import io.provisioning.common.security.ApiRoles;
import io.quarkus.arc.properties.IfBuildProperty;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.logging.Logger;

/**
 * The service's time, for the local stack's demo and the system tests: read it, move it forward.
 * Built only into applications built with {@code -Dprovisioning.clock.test-endpoint=true} (what
 * {@code deploy/stack} builds; the test profile has it): a production build has no such endpoint at
 * all. Where it is built, it still answers 404 unless {@code provisioning.clock.controllable=true}.
 */
@IfBuildProperty(name = "provisioning.clock.test-endpoint", stringValue = "true")
@Path("/api/v1/test/clock")
@Produces(MediaType.APPLICATION_JSON)
public class ClockResource {

    private static final Logger LOG = Logger.getLogger(ClockResource.class);
    private static final Duration MAX_STEP = Duration.ofDays(3660);

    @Inject
    ShiftableClock clock;

    @ConfigProperty(name = "provisioning.clock.controllable", defaultValue = "false")
    boolean controllable;

    /** The service's now and how far it is ahead of the system clock (ISO-8601, e.g. {@code PT72H}). */
    public record ClockView(Instant now, String offset) {
    }

    @GET
    @RolesAllowed(ApiRoles.OPERATOR)
    @Operation(hidden = true)
    public ClockView now() {
        requireControllable();
        return new ClockView(clock.instant(), clock.offset().toString());
    }

    /** Moves the service's time forward by {@code advance} (an ISO-8601 duration such as {@code P3D}). */
    @POST
    @RolesAllowed(ApiRoles.OPERATOR)
    @Operation(hidden = true)
    public ClockView advance(@QueryParam("advance") String advance) {
        requireControllable();
        Duration by;
        try {
            by = advance == null ? null : Duration.parse(advance);
        } catch (DateTimeParseException e) {
            by = null;
        }
        if (by == null || by.isNegative() || by.compareTo(MAX_STEP) > 0) {
            throw ProblemException.invalid("The query is invalid.", List.of(new Problem.FieldError(null, "/advance",
                    "must be an ISO-8601 duration between PT0S and P3660D, e.g. P3D")));
        }
        Instant now = clock.advance(by);
        LOG.infof("clock moved forward by %s to %s", by, now);
        return new ClockView(now, clock.offset().toString());
    }

    /** Puts the service's time back to the system clock (the end of a demo or a test). */
    @DELETE
    @RolesAllowed(ApiRoles.OPERATOR)
    @Operation(hidden = true)
    public ClockView reset() {
        requireControllable();
        Duration was = clock.offset();
        Instant now = clock.reset();
        LOG.infof("clock put back to the system clock (it was %s ahead)", was);
        return new ClockView(now, clock.offset().toString());
    }

    private void requireControllable() {
        if (!controllable) {
            throw ProblemException.notFound("This service's clock is not controllable.");
        }
    }
}
