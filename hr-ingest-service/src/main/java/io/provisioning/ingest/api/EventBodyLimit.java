package io.provisioning.ingest.api;

import io.provisioning.common.problem.Problem;
import io.provisioning.common.problem.ProblemException;
import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The most {@code POST /api/v1/hr-events} reads: events are small (a batch of 1 000 is about
 * 600 KB), so a larger body is a mistake or an attack, not HR data; workforce-wide sets go through
 * snapshots, which stream. A body that declares its length is refused before any of it is read; a
 * chunked one is read up to the limit and no further.
 */
@ApplicationScoped
public class EventBodyLimit {

    static final String PATH = "/api/v1/hr-events";

    @ConfigProperty(name = "provisioning.ingest.max-event-body-size", defaultValue = "4M")
    MemorySize limit;

    /** Ahead of the service-wide size check: this path has a lower limit than the snapshots. */
    void refuseDeclaredOversizeBodies(@Observes Router router) {
        router.route(PATH).order(-4).handler(context -> {
            String declared = context.request().getHeader("Content-Length");
            if (declared != null && isOver(declared)) {
                context.response().setStatusCode(413).putHeader("Content-Type", Problem.MEDIA_TYPE)
                        .putHeader("Connection", "close").end(problemJson());
            } else {
                context.next();
            }
        });
    }

    /** The body as text, read up to the limit. */
    String read(InputStream body) throws IOException {
        long max = limit.asLongValue();
        ByteArrayOutputStream read = new ByteArrayOutputStream();
        byte[] buffer = new byte[64 * 1024];
        int n;
        while ((n = body.read(buffer)) > 0) {
            if (read.size() + (long) n > max) {
                throw new ProblemException(tooLarge());
            }
            read.write(buffer, 0, n);
        }
        return read.toString(StandardCharsets.UTF_8);
    }

    private boolean isOver(String declared) {
        try {
            return Long.parseLong(declared.trim()) > limit.asLongValue();
        } catch (NumberFormatException e) {
            return false; // the HTTP codec refuses a malformed length itself
        }
    }

    private Problem tooLarge() {
        return Problem.of("too-large", "Request too large", 413, "POST " + PATH + " takes at most "
                + limit.asLongValue() + " bytes (provisioning.ingest.max-event-body-size); send a workforce-wide set"
                + " as a snapshot, or the events in several batches");
    }

    private String problemJson() {
        Problem problem = tooLarge();
        return "{\"type\":\"" + problem.type() + "\",\"title\":\"" + problem.title() + "\",\"status\":413,\"detail\":\""
                + problem.detail() + "\"}";
    }
}
