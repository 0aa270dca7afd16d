package io.provisioning.ingest.api;


import io.provisioning.common.problem.Problem;
import io.provisioning.common.problem.ProblemException;
import io.provisioning.common.problem.RequestHygiene;
import io.provisioning.ingest.scim.Scim;
import io.provisioning.ingest.scim.ScimException;
import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The most each write endpoint reads. Events are small (a batch of 1 000 is about 600 KB), so an
 * events body over its limit is a mistake or an attack, not HR data; workforce-wide sets go
 * through snapshots, which stream with bounded memory up to a limit of their own. A body that
 * declares its length is refused before any of it is read; a chunked one is read up to the limit
 * and no further.
 */
@ApplicationScoped
public class BodyLimits {

    static final String EVENTS_PATH = "/api/v1/hr-events";
    static final String SNAPSHOTS_PATH = "/api/v1/hr-snapshots";
    static final String SCIM_BULK_PATH = Scim.BASE_PATH + "/Bulk";
    static final int DECISION_BODY_LIMIT = 64 * 1024;

    @ConfigProperty(name = "provisioning.ingest.max-event-body-size", defaultValue = "4M")
    MemorySize eventLimit;

    @ConfigProperty(name = "provisioning.ingest.snapshot.max-size", defaultValue = "512M")
    MemorySize snapshotLimit;

    /** SCIM's {@code bulk.maxPayloadSize}, which ServiceProviderConfig announces. */
    @ConfigProperty(name = "provisioning.ingest.scim.bulk.max-payload-size", defaultValue = "4M")
    MemorySize scimBulkLimit;

    /** SCIM's {@code bulk.maxOperations}. */
    @ConfigProperty(name = "provisioning.ingest.scim.bulk.max-operations", defaultValue = "1000")
    int scimMaxOperations;

    /** Ahead of the service-wide size check, which is only a backstop above both limits. */
    void refuseDeclaredOversizeBodies(@Observes Router router) {
        refuseDeclaredOversize(router, EVENTS_PATH, eventLimit, this::eventsTooLarge);
        refuseDeclaredOversize(router, SNAPSHOTS_PATH, snapshotLimit, this::snapshotTooLarge);
        RequestHygiene.refuseDeclaredOversize(router.route(SCIM_BULK_PATH).order(-4), scimBulkLimit.asLongValue(),
                ScimException.error(413, null, scimBulkTooLarge().detail()).toString(), Scim.MEDIA_TYPE);
    }

    /** A SCIM bulk body that fails with 413 once more than maxPayloadSize has been read (parsed as it streams). */
    InputStream scimBulkBody(InputStream body) {
        return new CountingStream(body, scimBulkLimit.asLongValue(), this::scimBulkTooLarge);
    }

    long scimMaxPayloadSize() {
        return scimBulkLimit.asLongValue();
    }

    int scimMaxOperations() {
        return scimMaxOperations;
    }

    private Problem scimBulkTooLarge() {
        return Problem.of("too-large", "Request too large", 413, "POST " + SCIM_BULK_PATH + " takes at most "
                + scimBulkLimit.asLongValue() + " bytes (maxPayloadSize, provisioning.ingest.scim.bulk.max-payload-size);"
                + " nothing was run");
    }

    /** An events body as text, read up to its limit. */
    String eventBody(InputStream body) throws IOException {
        return text(body, eventLimit.asLongValue(), this::eventsTooLarge);
    }

    /**
     * The body of an approve or reject as text, read up to {@value #DECISION_BODY_LIMIT} bytes: a
     * comment is at most 1 000 characters. Empty when there is none.
     */
    String decisionBody(InputStream body) throws IOException {
        return body == null ? "" : text(body, DECISION_BODY_LIMIT, BodyLimits::decisionTooLarge);
    }

    private static String text(InputStream body, long max, java.util.function.Supplier<Problem> tooLarge)
            throws IOException {
        ByteArrayOutputStream read = new ByteArrayOutputStream();
        byte[] buffer = new byte[64 * 1024];
        int n;
        while ((n = body.read(buffer)) > 0) {
            if (read.size() + (long) n > max) {
                throw new ProblemException(tooLarge.get());
            }
            read.write(buffer, 0, n);
        }
        return read.toString(StandardCharsets.UTF_8);
    }

    /** A snapshot body that fails with 413 once more than its limit has been read. */
    InputStream snapshotBody(InputStream body) {
        return new CountingStream(body, snapshotLimit.asLongValue(), this::snapshotTooLarge);
    }

    private static void refuseDeclaredOversize(Router router, String path, MemorySize limit,
                                               java.util.function.Supplier<Problem> problem) {
        RequestHygiene.refuseDeclaredOversize(router.route(path).order(-4), limit.asLongValue(), json(problem.get()));
    }

    private Problem eventsTooLarge() {
        return Problem.of("too-large", "Request too large", 413, "POST " + EVENTS_PATH + " takes at most "
                + eventLimit.asLongValue() + " bytes (provisioning.ingest.max-event-body-size); send a workforce-wide"
                + " set as a snapshot, or the events in several batches");
    }

    private Problem snapshotTooLarge() {
        return Problem.of("too-large", "Request too large", 413, "POST " + SNAPSHOTS_PATH + " takes at most "
                + snapshotLimit.asLongValue() + " bytes (provisioning.ingest.snapshot.max-size); nothing was applied");
    }

    private static Problem decisionTooLarge() {
        return Problem.of("too-large", "Request too large", 413, "The body of an approval or rejection takes at most "
                + DECISION_BODY_LIMIT + " bytes: {\"comment\": \"...\"} with at most 1000 characters");
    }

    private static String json(Problem problem) {
        return "{\"type\":\"" + problem.type() + "\",\"title\":\"" + problem.title() + "\",\"status\":413,\"detail\":\""
                + problem.detail() + "\"}";
    }

    /** Counts what is read and refuses, as a 413, to read past the limit. */
    private static final class CountingStream extends FilterInputStream {
        private final long limit;
        private final java.util.function.Supplier<Problem> problem;
        private long read;

        CountingStream(InputStream in, long limit, java.util.function.Supplier<Problem> problem) {
            super(in);
            this.limit = limit;
            this.problem = problem;
        }

        @Override
        public int read() throws IOException {
            int c = super.read();
            if (c >= 0) {
                count(1);
            }
            return c;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        private void count(int n) {
            read += n;
            if (read > limit) {
                throw new ProblemException(problem.get());
            }
        }
    }
}
