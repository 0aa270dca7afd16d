package io.provisioning.console.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Reads connector-service's metrics page into one {@link TargetSample} per target. */
final class ConnectorMetrics {

    private static final String OUTCOMES = "provisioning_connector_outcomes";
    private static final String LATENCY_BUCKET = "provisioning_end_to_end_latency_seconds_bucket";

    private ConnectorMetrics() {
    }

    static Map<String, TargetSample> read(String prometheusText) {
        Map<String, long[]> outcomes = new TreeMap<>();
        Map<String, TreeMap<Double, Long>> buckets = new TreeMap<>();
        for (PrometheusText.Line line : PrometheusText.parse(prometheusText)) {
            String target = line.label("target");
            if (target.isEmpty()) {
                continue;
            }
            if (line.name().equals(OUTCOMES) || line.name().equals(OUTCOMES + "_total")) {
                long[] counts = outcomes.computeIfAbsent(target, t -> new long[2]);
                switch (line.label("status")) {
                    case "APPLIED", "NOOP" -> counts[0] += (long) line.value();
                    case "FAILED", "CONFLICT" -> counts[1] += (long) line.value();
                    default -> { } // RETRYING is not an end: the command settles later
                }
            } else if (line.name().equals(LATENCY_BUCKET)) {
                String le = line.label("le");
                double bound = le.equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(le);
                buckets.computeIfAbsent(target, t -> new TreeMap<>()).merge(bound, (long) line.value(), Long::sum);
            }
        }
        Map<String, TargetSample> samples = new TreeMap<>();
        for (String target : union(outcomes.keySet(), buckets.keySet())) {
            long[] counts = outcomes.getOrDefault(target, new long[2]);
            TreeMap<Double, Long> histogram = buckets.getOrDefault(target, new TreeMap<>());
            double[] bounds = histogram.keySet().stream().mapToDouble(Double::doubleValue).toArray();
            long[] cumulative = histogram.values().stream().mapToLong(Long::longValue).toArray();
            samples.put(target, new TargetSample(counts[0], counts[1], bounds, cumulative));
        }
        return samples;
    }

    private static List<String> union(java.util.Set<String> a, java.util.Set<String> b) {
        var all = new java.util.TreeSet<String>(a);
        all.addAll(b);
        return new ArrayList<>(all);
    }
}
