package io.provisioning.console.metrics;

import java.util.Arrays;

/**
 * One target's counters at one sampling instant, cumulative since connector-service started:
 * outcomes that succeeded (applied or already as desired) and failed (dead-lettered or in
 * conflict), and the end-to-end latency histogram's buckets.
 *
 * @param bucketBounds the buckets' upper bounds in seconds, ascending, the last one +Inf
 * @param bucketCounts how many latencies were at most each bound
 */
public record TargetSample(long succeeded, long failed, double[] bucketBounds, long[] bucketCounts) {

    static final TargetSample NONE = new TargetSample(0, 0, new double[0], new long[0]);

    /** What happened between {@code earlier} and this sample; a restart in between (counters fell) counts from zero. */
    TargetSample since(TargetSample earlier) {
        if (earlier == null || succeeded < earlier.succeeded || failed < earlier.failed
                || !Arrays.equals(bucketBounds, earlier.bucketBounds)) {
            return this;
        }
        long[] counts = new long[bucketCounts.length];
        for (int i = 0; i < counts.length; i++) {
            counts[i] = Math.max(0, bucketCounts[i] - earlier.bucketCounts[i]);
        }
        return new TargetSample(succeeded - earlier.succeeded, failed - earlier.failed, bucketBounds, counts);
    }

    /**
     * The latency at quantile {@code q} in milliseconds, as the bucket bound it falls under (the
     * histogram's resolution), or -1 when no latency was recorded.
     */
    long quantileMillis(double q) {
        if (bucketCounts.length == 0) {
            return -1;
        }
        long total = bucketCounts[bucketCounts.length - 1];
        if (total == 0) {
            return -1;
        }
        double rank = Math.ceil(q * total);
        for (int i = 0; i < bucketCounts.length; i++) {
            if (bucketCounts[i] >= rank) {
                double bound = bucketBounds[i];
                if (Double.isInfinite(bound)) {
                    bound = i > 0 ? bucketBounds[i - 1] : 0;
                }
                return Math.round(bound * 1000);
            }
        }
        return -1;
    }
}
