package io.provisioning.bench;

import io.provisioning.stack.StackKafka;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.postgresql.PGConnection;

/**
 * The raw ceilings of the machine's Kafka and PostgreSQL, measured in the same run as the system:
 * Kafka's own producer performance tool (acks=all, 500-byte records, into a topic of three
 * partitions like the contract's), and PostgreSQL's COPY and single-row autocommitted inserts of
 * rows shaped like an audit record into a temporary table.
 */
final class Ceilings {

    /** records (or rows) per second. */
    record Ceiling(String what, double perSecond) {
    }

    private static final Pattern PERF_RESULT = Pattern.compile("([0-9.]+) records/sec");

    private Ceilings() {
    }

    static Ceiling kafkaProducer(String bootstrap, String kafkaLibs, int records) throws Exception {
        String topic = "bench.ceiling";
        String last;
        try (Admin admin = Admin.create(StackKafka.admin())) {
            if (!admin.listTopics().names().get().contains(topic)) {
                admin.createTopics(List.of(new NewTopic(topic, 3, (short) 1))).all().get();
            }
            Process perf = new ProcessBuilder("java", "-Xmx256m", "-cp", kafkaLibs + "/*",
                    "org.apache.kafka.tools.ProducerPerformance", "--topic", topic,
                    "--num-records", Integer.toString(records), "--record-size", "500", "--throughput", "-1",
                    "--producer.config", StackKafka.clientFile(StackKafka.ADMIN).toString(),
                    "--producer-props", "bootstrap.servers=" + bootstrap, "acks=all", "linger.ms=10", "batch.size=262144")
                    .redirectErrorStream(true).start();
            String output = new String(perf.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            perf.waitFor();
            admin.deleteTopics(List.of(topic)).all().get();
            last = output.lines().filter(l -> l.contains("records sent")).reduce((a, b) -> b)
                    .orElseThrow(() -> new IllegalStateException("kafka producer performance tool printed no result:\n" + output));
        }
        Matcher m = PERF_RESULT.matcher(last);
        if (!m.find()) {
            throw new IllegalStateException("kafka producer performance tool printed no rate: " + last);
        }
        return new Ceiling("Kafka producer (kafka ProducerPerformance, acks=all, 500 B)", Double.parseDouble(m.group(1)));
    }

    /** COPY of {@code rows} rows, then single-row autocommitted INSERTs for {@code singleRows} rows. */
    static List<Ceiling> postgres(String url, String user, String password, int rows, int singleRows)
            throws SQLException, IOException {
        try (Connection c = DriverManager.getConnection(url, user, password)) {
            try (Statement s = c.createStatement()) {
                s.execute("""
                        CREATE TEMP TABLE bench_ceiling (seq BIGINT PRIMARY KEY, recorded_at TIMESTAMPTZ NOT NULL,
                            worker_id TEXT, correlation_id TEXT, payload TEXT NOT NULL, hash TEXT NOT NULL)""");
            }
            StringBuilder data = new StringBuilder(rows * 300);
            for (int i = 0; i < rows; i++) {
                data.append(i).append("\t2026-01-01T00:00:00Z\tW").append(i % 50_000).append("\tcorr-").append(i)
                        .append("\t{\"commandId\":\"c-").append(i).append("\",\"state\":\"PRESENT\",\"groups\":[\"sales\"]}\t")
                        .append("0".repeat(64)).append('\n');
            }
            long start = System.nanoTime();
            c.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY bench_ceiling FROM STDIN", new StringReader(data.toString()));
            double copy = rows / ((System.nanoTime() - start) / 1e9);

            c.setAutoCommit(true);
            try (PreparedStatement insert = c.prepareStatement(
                    "INSERT INTO bench_ceiling VALUES (?, now(), ?, ?, ?, ?)")) {
                start = System.nanoTime();
                for (int i = 0; i < singleRows; i++) {
                    insert.setLong(1, rows + i);
                    insert.setString(2, "W" + i);
                    insert.setString(3, "corr-" + i);
                    insert.setString(4, "{\"commandId\":\"c-" + i + "\"}");
                    insert.setString(5, "0".repeat(64));
                    insert.executeUpdate();
                }
            }
            double single = singleRows / ((System.nanoTime() - start) / 1e9);
            return List.of(new Ceiling("PostgreSQL COPY (one transaction)", copy),
                    new Ceiling("PostgreSQL single-row INSERT (one commit each)", single));
        }
    }
}
