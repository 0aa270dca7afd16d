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
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The signed checkpoints and their public key, for the standalone verifier
 * ({@code java -jar audit-verifier.jar --export … --checkpoints … --public-key …}).
 */
@Path("/api/v1/audit/checkpoints")
@RolesAllowed(ApiRoles.AUDITOR)
@Tag(name = "Audit checkpoints", description = "The signed checkpoints of the audit trail and their public key, for"
        + " the standalone audit-verifier")
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
    @Operation(summary = "Download the signed checkpoints",
            description = "Streams every signed checkpoint the database holds, in sequence order, then the newest one"
                    + " published on audit.checkpoints if the database lacks it: one JSON object a line, {seq, hash,"
                    + " signedAt, signature}, the signature Ed25519 in base64 (role auditor). With the public key and"
                    + " an export (fetch the checkpoints first), the standalone audit-verifier checks the trail"
                    + " without the database or the services.")
    @APIResponse(responseCode = "200", description = "The checkpoints, one JSON object a line, as an attachment"
            + " (audit-checkpoints.ndjson)",
            content = @Content(mediaType = "application/x-ndjson", schema = @Schema(type = SchemaType.STRING)))
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
    @Operation(summary = "Get the checkpoints' public key",
            description = "Returns the Ed25519 public key the checkpoints verify with, as PEM (role auditor). An"
                    + " auditor should hold the key the operator gave them and compare: a key served by the service"
                    + " under test proves less than one held apart.")
    @APIResponse(responseCode = "200", description = "The public key (PEM)",
            content = @Content(mediaType = "application/x-pem-file", schema = @Schema(type = SchemaType.STRING)))
    public Response publicKey() {
        return Response.ok(keys.publicKeyPem()).type("application/x-pem-file").build();
    }
}
