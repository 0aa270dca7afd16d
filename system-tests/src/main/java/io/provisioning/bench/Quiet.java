package io.provisioning.bench;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Waits until the stack is idle: the audit trail's stored-records counter stops moving. */
final class Quiet {

    private static final Pattern STORED = Pattern.compile(
            "provisioning_audit_records_total\\{[^}]*outcome=\"stored\"[^}]*\\}\\s+([0-9.eE+]+)");

    private Quiet() {
    }

    static void await(String auditUrl) throws Exception {
        double last = -1;
        int stableChecks = 0;
        while (stableChecks < 4) {
            TimeUnit.MILLISECONDS.sleep(500);
            double now = stored(auditUrl);
            stableChecks = now == last ? stableChecks + 1 : 0;
            last = now;
        }
    }

    /** The records the audit trail has stored since it started (sum over topics). */
    static double stored(String auditUrl) throws Exception {
        return metric(auditUrl, STORED);
    }

    /** The sum of the samples of a service's metric that match the pattern (group 1: the value). */
    static double metric(String serviceUrl, Pattern pattern) throws Exception {
        HttpResponse<String> metrics = BenchHttp.CLIENT.send(
                HttpRequest.newBuilder(URI.create(serviceUrl + "/q/metrics")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        Matcher m = pattern.matcher(metrics.body());
        double sum = 0;
        while (m.find()) {
            sum += Double.parseDouble(m.group(1));
        }
        return sum;
    }
}
