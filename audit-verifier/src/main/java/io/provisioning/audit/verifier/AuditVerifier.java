package io.provisioning.audit.verifier;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;

/**
 * What an external auditor runs, with neither the database nor the services:
 *
 * <pre>java -jar audit-verifier.jar --export trail.ndjson --checkpoints checkpoints.ndjson --public-key audit-signing.pub</pre>
 *
 * The export is {@code GET /api/v1/audit/export?format=ndjson} from the first record, the
 * checkpoints {@code GET /api/v1/audit/checkpoints} (or the records of the Kafka topic
 * {@code audit.checkpoints}), the public key the audit service's operator publishes. Exit status 0:
 * the trail is intact and agrees with every checkpoint; 1: it is not (the first bad sequence number
 * is printed); 2: the arguments or files could not be read.
 */
public final class AuditVerifier {

    private AuditVerifier() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        Path export = null;
        Path checkpoints = null;
        Path publicKey = null;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--export" -> export = Path.of(args[i + 1]);
                case "--checkpoints" -> checkpoints = Path.of(args[i + 1]);
                case "--public-key" -> publicKey = Path.of(args[i + 1]);
                default -> {
                    err.println("unknown option " + args[i]);
                    return usage(err);
                }
            }
        }
        if (export == null || checkpoints == null || publicKey == null || args.length % 2 != 0) {
            return usage(err);
        }
        try {
            PublicKey key = CheckpointKeys.publicKey(Files.readString(publicKey, StandardCharsets.US_ASCII));
            List<SignedCheckpoint> signed = new ArrayList<>();
            int number = 0;
            for (String line : Files.readAllLines(checkpoints, StandardCharsets.UTF_8)) {
                number++;
                if (!line.isBlank()) {
                    try {
                        signed.add(SignedCheckpoint.parse(line));
                    } catch (IllegalArgumentException e) {
                        err.println(checkpoints + ":" + number + ": " + e.getMessage());
                        return 2;
                    }
                }
            }
            ExportVerifier.Result result;
            try (BufferedReader reader = Files.newBufferedReader(export, StandardCharsets.UTF_8)) {
                result = ExportVerifier.verify(reader, signed, key);
            }
            if (result.valid()) {
                out.println("VALID: " + result.records() + " records, hash chain intact"
                        + (result.newestCheckpoint() == null ? "; no signed checkpoint given, so a removed tail could not be seen"
                                : "; " + signed.size() + " signed checkpoint(s) agree, the newest covering "
                                        + result.newestCheckpoint().seq() + " records (signed at "
                                        + result.newestCheckpoint().signedAt() + ")"));
                return 0;
            }
            out.println("INVALID from seq " + result.firstBrokenSeq() + ": " + result.reason() + " (records 1-"
                    + result.records() + " verified)");
            return 1;
        } catch (IOException | IllegalArgumentException e) {
            err.println("cannot verify: " + e.getMessage());
            return 2;
        }
    }

    private static int usage(PrintStream err) {
        err.println("usage: java -jar audit-verifier.jar --export TRAIL.ndjson --checkpoints CHECKPOINTS.ndjson"
                + " --public-key KEY.pem");
        return 2;
    }
}
