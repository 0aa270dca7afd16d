package io.provisioning.bench;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/** HR records and hire events of the workers a benchmark hires. */
final class BenchWorkers {

    private BenchWorkers() {
    }

    static String worker(String workerId, String given, String family, String department, String title,
                         String managerId, String start) {
        return """
                {"workerId":"%s","givenName":"%s","familyName":"%s","workerType":"EMPLOYEE","department":"%s",\
                "jobTitle":"%s","startDate":"%s"%s}""".formatted(workerId, given, family, department, title, start,
                managerId == null ? "" : ",\"managerId\":\"" + managerId + "\"");
    }

    static String hiredEvent(String id, String workerId, String data) {
        return """
                {"specversion":"1.0","id":"%s","source":"urn:hris:benchmark","type":"hr.worker.hired","subject":"%s",\
                "time":"%s","datacontenttype":"application/json","data":%s}""".formatted(id, workerId, Instant.now(), data);
    }

    /** The text in letters only (digits become a-j): HR names hold no digits. */
    static String letters(String text) {
        StringBuilder name = new StringBuilder();
        for (char c : text.toLowerCase(Locale.ROOT).toCharArray()) {
            if (Character.isLetter(c)) {
                name.append(c);
            } else if (Character.isDigit(c)) {
                name.append((char) ('a' + (c - '0')));
            }
        }
        return name.toString();
    }

    /** Publishes the events to hr-ingest as CloudEvents batches of 1000, as the HRIS client hris-publisher. */
    static void publish(String ingest, String keycloak, List<String> events) throws Exception {
        String publisher = BenchHttp.token(keycloak, "hris-publisher");
        for (int from = 0; from < events.size(); from += 1000) {
            List<String> batch = events.subList(from, Math.min(events.size(), from + 1000));
            HttpResponse<String> answer = BenchHttp.CLIENT.send(BenchHttp.post(ingest + "/api/v1/hr-events", publisher,
                    "application/cloudevents-batch+json",
                    ("[" + String.join(",", batch) + "]").getBytes(StandardCharsets.UTF_8)),
                    HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() != 202) {
                throw new IllegalStateException("hr-ingest answered " + answer.statusCode() + ": " + answer.body());
            }
        }
    }
}
