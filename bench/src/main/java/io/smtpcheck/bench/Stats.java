package io.smtpcheck.bench;

import java.util.Arrays;

/** Percentiles of a set of durations in nanoseconds, by the nearest-rank method on the sorted samples. */
record Stats(int count, long p50, long p90, long p99, long max, double mean) {

    static Stats of(long[] nanos) {
        if (nanos.length == 0) {
            throw new IllegalArgumentException("no samples");
        }
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return new Stats(sorted.length, rank(sorted, 50), rank(sorted, 90), rank(sorted, 99), sorted[sorted.length - 1],
                Arrays.stream(sorted).average().orElseThrow());
    }

    private static long rank(long[] sorted, int percentile) {
        int index = (int) Math.ceil(percentile / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, index)];
    }

    static double millis(long nanos) {
        return nanos / 1e6;
    }
}
