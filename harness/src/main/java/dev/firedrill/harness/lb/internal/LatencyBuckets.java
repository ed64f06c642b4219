package dev.firedrill.harness.lb.internal;

import java.util.Arrays;

/**
 * The fixed latency buckets of {@link dev.firedrill.harness.lb.TargetStats}: 20 per decade from 0.1 ms (each upper
 * bound 10<sup>1/20</sup> ≈ 1.122 × the one before) up to 60 s, plus one bucket for anything slower. Fixed so that
 * two snapshots always subtract bucket by bucket; a bucket's upper bound overstates a latency by at most 12.2 %.
 * Public only so the API type can read the layout; not part of the API.
 */
public final class LatencyBuckets {
    private static final long[] UPPER_NANOS = bounds();
    /** Finite buckets plus the overflow bucket. */
    public static final int COUNT = UPPER_NANOS.length + 1;

    private LatencyBuckets() {
    }

    private static long[] bounds() {
        long max = 60_000_000_000L;
        long[] b = new long[200];
        int n = 0;
        for (int k = 0; ; k++) {
            long ns = Math.round(100_000 * Math.pow(10, k / 20.0));
            if (ns >= max) {
                break;
            }
            b[n++] = ns;
        }
        b[n++] = max;
        return Arrays.copyOf(b, n);
    }

    /** The bucket of a latency: the first whose upper bound is ≥ {@code nanos}; no allocation. */
    static int indexOf(long nanos) {
        int i = Arrays.binarySearch(UPPER_NANOS, nanos);
        return i >= 0 ? i : -i - 1;
    }

    /** Upper bound of bucket {@code i} in milliseconds; {@code +Infinity} for the overflow bucket. */
    public static double upperMillis(int i) {
        return i < UPPER_NANOS.length ? UPPER_NANOS[i] / 1e6 : Double.POSITIVE_INFINITY;
    }
}
