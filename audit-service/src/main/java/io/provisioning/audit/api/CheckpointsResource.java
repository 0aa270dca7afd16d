package io.provisioning.audit.api;

import io.provisioning.audit.checkpoint.CheckpointKeyPair;
import io.provisioning.audit.checkpoint.SignedCheckpoints;
import io.provisioning.audit.checkpoint.TrailCheckpoints;
import io.provisioning.common.security.ApiRoles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * The signed checkpoints and their public key, for the standalone verifier
 * ({@code java -jar audit-verifier.jar --export … --checkpoints … --public-key …}).
 */
@Path("/api/v1/audit/checkpoints")
@RolesAllowed(ApiRoles.AUDITOR)
public class CheckpointsResource {

    @Inject
    DataSource dataSource;

    @Inject
    SignedCheckpoints stored;

    @Inject
    TrailCheckpoints checkpoints;

    @Inject
    CheckpointKeyPair keys;

    /**
     * Every checkpoint the database holds, in seq order, then the newest published one if the
     * database does not hold it (its owner may have removed it): one JSON object a line.
     */
    @GET
    public Response all() {
        var published = checkpoints.newestPublished();
        StreamingOutput body = out -> {
            Writer writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
            long last = 0;
            try (Connection c = dataSource.getConnection()) {
                stored.writeAll(c, writer);
                last = stored.newest(c, 1).stream().mapToLong(cp -> cp.seq()).max().orElse(0);
            } catch (SQLException e) {
                throw new IOException("the checkpoints could not be read from the database", e);
            }
            if (published.isPresent() && published.get().seq() != last) {
                writer.write(published.get().toJson());
                writer.write('\n');
            }
            writer.flush();
        };
        return Response.ok(body).type("application/x-ndjson")
                .header("Content-Disposition", "attachment; filename=\"audit-checkpoints.ndjson\"").build();
    }

    /**
     * The public key checkpoints verify with (PEM). An auditor should hold the key the operator gave
     * them and compare: a key served by the service under test proves less than one held apart.
     */
    @GET
    @Path("/public-key")
    public Response publicKey() {
        return Response.ok(keys.publicKeyPem()).type("application/x-pem-file").build();
    }
}
