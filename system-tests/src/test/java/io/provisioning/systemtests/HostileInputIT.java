package io.provisioning.systemtests;

import io.provisioning.stack.StackKafka;
import static org.assertj.core.api.Assertions.assertThat;

import io.provisioning.contracts.Topics;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/**
 * A corpus of malformed and hostile requests against every endpoint of the running stack: broken
 * and deeply nested JSON, huge bodies, wrong types, NUL bytes and invalid UTF-8, injection strings
 * (SQL, LDAP filter and DN, CSV formulas, JNDI, markup, path traversal, odd Unicode) in body
 * fields, path segments and query parameters. Each malformed request is refused with 4xx
 * problem+json that does not echo the hostile value; a hostile value in a free-text filter (a
 * department, a worker id to search for) finds nothing; nothing answers 5xx; nothing reaches
 * Kafka. That targets store hostile values literally is shown by {@code HostileValuesReachTargetsLiterallyIT}.
 */
class HostileInputIT {

    private static final String PUBLISHER = "hris-publisher";
    private static final String OPS = "ops-console";
    private static final String AUDITOR = "audit-reader";
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(java.time.Duration.ofSeconds(5)).build();

    /** Values an attacker tries in every field. */
    static final List<String> INJECTIONS = List.of(
            "' OR '1'='1", "'; DROP TABLE identity; --", "1; SELECT pg_sleep(5)--",
            "*)(uid=*", "*)(|(objectClass=*))", "admin)(&)", ",ou=people,dc=example,dc=com", "cn=admin,dc=example,dc=com",
            "=cmd|' /C calc'!A0", "+SUM(1;2)", "@SUM(1)", "-2+3+cmd|' /C notepad'!A1",
            "../../../../etc/passwd", "..\\..\\windows\\win.ini", "${jndi:ldap://127.0.0.1:1389/a}",
            "<script>alert(1)</script>", "a\u0000b", "\u202etxt.exe", "\uFEFF\u200B", "x".repeat(5000));

    /** One request and what must come back. */
    private record Probe(String what, String base, String method, String path, String contentType, byte[] body,
                         String client, boolean mayMatchNothing, String hostile, long declaredLength) {

        Probe(String what, String base, String method, String path, String contentType, byte[] body, String client,
              boolean mayMatchNothing, String hostile) {
            this(what, base, method, path, contentType, body, client, mayMatchNothing, hostile, 0);
        }
    }

    @Test
    void everyMalformedOrHostileRequestIsRefusedOrFindsNothingAndNothingIsPublished() throws Exception {
        List<Probe> corpus = corpus();
        assertThat(corpus).hasSizeGreaterThanOrEqualTo(200);
        Map<TopicPartition, Long> before = endOffsets();

        List<String> wrong = new ArrayList<>();
        for (Probe probe : corpus) {
            Answer response;
            try {
                response = send(probe);
            } catch (java.io.IOException closedAfterTheLastAnswer) {
                // a server closes the connection after a 414: the pooled connection is gone, ask again
                try {
                    response = send(probe);
                } catch (java.io.IOException e) {
                    wrong.add(probe.what() + ": no answer (" + e.getMessage() + ")");
                    continue;
                }
            }
            int status = response.status();
            String body = response.body();
            String type = response.contentType();
            // 414: the request line is longer than the HTTP codec reads; it answers before any code runs, without a body
            boolean refused = status >= 400 && status < 500 && (type.startsWith("application/problem+json") || status == 414);
            boolean foundNothing = probe.mayMatchNothing() && status == 200 && matchesNothing(body);
            if (!refused && !foundNothing) {
                wrong.add(probe.what() + ": " + status + " " + type);
            } else if (refused && probe.hostile() != null && probe.hostile().length() > 3 && body.contains(probe.hostile())) {
                wrong.add(probe.what() + ": the problem echoes the hostile value");
            }
        }

        assertThat(wrong).as("answers that are not a clean refusal (of %d probes)", corpus.size()).isEmpty();
        assertThat(endOffsets()).as("nothing was published on hr.events or a command topic").isEqualTo(before);
    }

    private static List<Probe> corpus() {
        List<Probe> corpus = new ArrayList<>();
        String ingest = Stack.INGEST;
        // HR events whose strictly formatted fields carry each injection
        for (String field : List.of("workerId", "givenName", "email", "startDate", "managerId")) {
            for (String value : INJECTIONS) {
                corpus.add(json("hired event with " + field + " = " + shorten(value), ingest, "POST", "/api/v1/hr-events",
                        PUBLISHER, hire(field, value), value));
            }
        }
        for (String value : INJECTIONS) {
            corpus.add(json("event type " + shorten(value), ingest, "POST", "/api/v1/hr-events", PUBLISHER,
                    hire("workerId", "W-HOSTILE").replace("hr.worker.hired", escape(value)), value));
        }
        // malformed bodies on every endpoint that takes one
        List<String[]> bodyEndpoints = List.of(
                new String[] {Stack.INGEST, "/api/v1/hr-events", "application/json", PUBLISHER},
                new String[] {Stack.INGEST, "/api/v1/hr-snapshots?source=hostile", "application/json", PUBLISHER},
                new String[] {Stack.INGEST, "/api/v1/hr-snapshots?source=hostile", "text/csv", PUBLISHER},
                new String[] {Stack.POLICY, "/api/v1/policy", "application/json", OPS},
                new String[] {Stack.POLICY, "/api/v1/policy/preview", "application/json", OPS});
        for (String[] endpoint : bodyEndpoints) {
            String method = endpoint[1].equals("/api/v1/policy") ? "PUT" : "POST";
            for (Map.Entry<String, byte[]> bad : malformedBodies(endpoint[2]).entrySet()) {
                if (bad.getKey().equals("12 MB body") && endpoint[0].equals(Stack.POLICY)) {
                    continue; // over policy-service's 10 MB limit: the declared-size probe below covers it
                }
                corpus.add(new Probe(bad.getKey() + " as " + endpoint[2] + " to " + endpoint[1], endpoint[0], method, endpoint[1], endpoint[2],
                        bad.getValue(), endpoint[3], false, null));
            }
            corpus.add(new Probe("a declared 2 GB body as " + endpoint[2] + " to " + endpoint[1], endpoint[0], method,
                    endpoint[1], endpoint[2], new byte[0], endpoint[3], false, null, 2L << 30));
        }
        // injections as path segments
        List<String[]> pathEndpoints = List.of(
                new String[] {Stack.POLICY, "GET", "/api/v1/identities/%s", OPS},
                new String[] {Stack.INGEST, "GET", "/api/v1/hr-snapshots/%s", OPS},
                new String[] {Stack.INGEST, "POST", "/api/v1/hr-snapshots/%s/approve", OPS},
                new String[] {Stack.CONNECTOR, "POST", "/api/v1/dead-letters/%s/retry", OPS},
                new String[] {Stack.CONNECTOR, "POST", "/api/v1/targets/%s/reconciliations", OPS},
                new String[] {Stack.CONNECTOR, "GET", "/api/v1/reconciliations/%s", OPS},
                new String[] {Stack.AUDIT, "GET", "/api/v1/audit/trace/%s", AUDITOR},
                new String[] {Stack.AUDIT, "GET", "/api/v1/audit/access/%s", AUDITOR, "finds nothing"},
                new String[] {Stack.POLICY, "POST", "/api/v1/policy/versions/%s/activate", OPS});
        for (String[] endpoint : pathEndpoints) {
            for (String value : INJECTIONS) {
                String path = endpoint[2].formatted(URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20"));
                corpus.add(new Probe(endpoint[1] + " " + endpoint[2].formatted(shorten(value)), endpoint[0], endpoint[1],
                        path, null, null, endpoint[3], endpoint.length > 4, value));
            }
        }
        // injections in query parameters: typed ones are refused, free-text filters find nothing
        List<Object[]> queries = List.of(
                new Object[] {Stack.POLICY, "/api/v1/identities?department=%s", OPS, true},
                new Object[] {Stack.POLICY, "/api/v1/identities?lifecycle=%s", OPS, false},
                new Object[] {Stack.POLICY, "/api/v1/identities?size=%s", OPS, false},
                new Object[] {Stack.CONNECTOR, "/api/v1/dead-letters?targetId=%s", OPS, true},
                new Object[] {Stack.AUDIT, "/api/v1/audit/records?workerId=%s&limit=5", AUDITOR, true},
                new Object[] {Stack.AUDIT, "/api/v1/audit/records?type=%s&limit=5", AUDITOR, true},
                new Object[] {Stack.AUDIT, "/api/v1/audit/records?cursor=%s", AUDITOR, false},
                new Object[] {Stack.AUDIT, "/api/v1/audit/records?from=%s", AUDITOR, false},
                new Object[] {Stack.AUDIT, "/api/v1/audit/export?format=%s", AUDITOR, false},
                new Object[] {Stack.AUDIT, "/api/v1/audit/access/W-1?at=%s", AUDITOR, false},
                new Object[] {Stack.POLICY, "/api/v1/policy/versions?page=%s", OPS, false},
                new Object[] {Stack.POLICY, "/api/v1/test/clock?advance=%s", OPS, false});
        for (Object[] query : queries) {
            for (String value : INJECTIONS) {
                String path = ((String) query[1]).formatted(URLEncoder.encode(value, StandardCharsets.UTF_8));
                String method = ((String) query[1]).startsWith("/api/v1/test/clock") ? "POST" : "GET";
                corpus.add(new Probe(method + " " + ((String) query[1]).formatted(shorten(value)), (String) query[0], method,
                        path, null, null, (String) query[2], (Boolean) query[3], value));
            }
        }
        return corpus;
    }

    /** Broken, huge, deep, mistyped and mis-encoded bodies, by what they are. */
    private static Map<String, byte[]> malformedBodies(String contentType) {
        Map<String, byte[]> bodies = new HashMap<>();
        bodies.put("empty body", new byte[0]);
        bodies.put("truncated document", "{\"specversion\":\"1.0\",\"id\":".getBytes(StandardCharsets.UTF_8));
        bodies.put("deep nesting", ("[".repeat(100_000)).getBytes(StandardCharsets.UTF_8));
        bodies.put("12 MB body", ("{\"pad\":\"" + "a".repeat(12 * 1024 * 1024) + "\"}").getBytes(StandardCharsets.UTF_8));
        bodies.put("wrong types", "{\"specversion\":1,\"id\":[],\"targets\":7,\"data\":\"x\"}".getBytes(StandardCharsets.UTF_8));
        bodies.put("NUL bytes", "{\"id\":\"a\u0000b\",\u0000}".getBytes(StandardCharsets.UTF_8));
        bodies.put("invalid UTF-8", new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'});
        bodies.put("a bare number", "42".getBytes(StandardCharsets.UTF_8));
        if (contentType.equals("text/csv")) {
            bodies.put("CSV with formulas and a short row", ("workerId,givenName,familyName,workerType,department,jobTitle,startDate\n"
                    + "=cmd|' /C calc'!A0,@SUM(1),+1,EMPLOYEE,Sales,x,2026-01-01\nW-2,only,three\n").getBytes(StandardCharsets.UTF_8));
            bodies.put("CSV header only twice", "workerId,workerId\n".getBytes(StandardCharsets.UTF_8));
        }
        return bodies;
    }

    private static Probe json(String what, String base, String method, String path, String client, String body, String hostile) {
        return new Probe(what, base, method, path, "application/json", body.getBytes(StandardCharsets.UTF_8), client, false,
                hostile);
    }

    private static String hire(String field, String value) {
        Map<String, String> worker = new HashMap<>(Map.of("workerId", "W-HOSTILE", "givenName", "Eve", "familyName", "Mallory",
                "workerType", "EMPLOYEE", "department", "Sales", "startDate", "2026-01-05"));
        worker.put(field, value);
        String data = worker.entrySet().stream().map(e -> "\"" + e.getKey() + "\":\"" + escape(e.getValue()) + "\"")
                .collect(Collectors.joining(",", "{", "}"));
        return """
                {"specversion":"1.0","id":"hostile-%s","source":"urn:hris:hostile","type":"hr.worker.hired",
                 "subject":"%s","time":"2026-01-05T00:00:00Z","data":%s}"""
                .formatted(Integer.toHexString(value.hashCode()), escape(worker.get("workerId")), data);
    }

    /** An answer as received. */
    private record Answer(int status, String contentType, String body) {
    }

    private static Answer send(Probe probe) throws Exception {
        if (probe.declaredLength() > 0) {
            return sendHeadersOnly(probe);
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(probe.base() + probe.path()))
                .timeout(java.time.Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + Stack.token(probe.client()));
        if (probe.body() != null) {
            request.header("Content-Type", probe.contentType())
                    .method(probe.method(), HttpRequest.BodyPublishers.ofByteArray(probe.body()));
        } else {
            request.method(probe.method(), HttpRequest.BodyPublishers.noBody());
        }
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""), response.body());
    }

    /**
     * A body larger than any service accepts: only the headers, with its declared length, are sent;
     * the service must refuse on the declaration, before reading any of it.
     */
    private static Answer sendHeadersOnly(Probe probe) throws Exception {
        URI uri = URI.create(probe.base() + probe.path());
        try (java.net.Socket socket = new java.net.Socket(uri.getHost(), uri.getPort())) {
            socket.setSoTimeout(30_000);
            String head = probe.method() + " " + uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery())
                    + " HTTP/1.1\r\nHost: " + uri.getHost() + ":" + uri.getPort()
                    + "\r\nAuthorization: Bearer " + Stack.token(probe.client())
                    + "\r\nContent-Type: " + probe.contentType()
                    + "\r\nContent-Length: " + probe.declaredLength() + "\r\n\r\n";
            socket.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            java.io.BufferedReader in = new java.io.BufferedReader(new java.io.InputStreamReader(socket.getInputStream(),
                    StandardCharsets.UTF_8));
            String statusLine = in.readLine();
            String contentType = "";
            int length = 0;
            for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
                String lower = line.toLowerCase(java.util.Locale.ROOT);
                if (lower.startsWith("content-type:")) {
                    contentType = line.substring("content-type:".length()).trim();
                } else if (lower.startsWith("content-length:")) {
                    length = Integer.parseInt(line.substring("content-length:".length()).trim());
                }
            }
            char[] body = new char[length];
            int read = 0;
            while (read < length) {
                int n = in.read(body, read, length - read);
                if (n < 0) {
                    break;
                }
                read += n;
            }
            return new Answer(Integer.parseInt(statusLine.split(" ")[1]), contentType, new String(body, 0, read));
        }
    }

    /** A 200 whose list of results is empty. */
    private static boolean matchesNothing(String body) {
        String compact = body.replace(" ", "");
        return compact.contains("\"items\":[]") || compact.contains("\"records\":[]") || compact.equals("[]")
                || compact.contains("\"accounts\":[]");
    }

    private static Map<TopicPartition, Long> endOffsets() throws Exception {
        try (Admin admin = Admin.create(StackKafka.admin())) {
            Set<String> topics = admin.listTopics().names().get().stream()
                    .filter(t -> t.equals(Topics.HR_EVENTS) || t.startsWith(Topics.COMMANDS_PREFIX))
                    .collect(Collectors.toSet());
            Map<TopicPartition, OffsetSpec> request = new HashMap<>();
            admin.describeTopics(topics).allTopicNames().get().forEach((topic, description) ->
                    description.partitions().forEach(p -> request.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest())));
            Map<TopicPartition, Long> offsets = new HashMap<>();
            admin.listOffsets(request).all().get().forEach((tp, info) -> offsets.put(tp, info.offset()));
            return offsets;
        }
    }

    private static String escape(String value) {
        StringBuilder out = new StringBuilder();
        for (char c : value.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }

    private static String shorten(String value) {
        String printable = value.replace("\u0000", "\\0");
        return printable.length() > 24 ? printable.substring(0, 24) + "…" : printable;
    }

}
