package dev.firedrill.harness.lb;

import dev.firedrill.harness.lb.internal.LatencyBuckets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One target's cumulative response statistics since the simulator started, for judging a deployment (say, rolling
 * back a canary whose error rate or p99 is worse than the fleet's). Counters only grow; subtract an earlier snapshot
 * with {@link #since} to look at an interval:
 *
 * <pre>{@code
 * TargetStats before = alb.stats().target("green-1");
 * ... // traffic
 * TargetStats window = alb.stats().target("green-1").since(before);
 * boolean rollback = window.errorRate() > 0.01 || window.quantileMillis(0.99) > 250;
 * }</pre>
 *
 * <p>What counts: every request forwarded to the target is in {@link #requests()}; when its exchange ends it is
 * counted once in {@link #responses()}, in its status class and in the latency histogram. A 5xx is one the target
 * sent or one the ALB answered because of that target (502 refused/reset/garbage/deregistered, 504 timeout); a
 * response the target broke off after it had started (the client's connection is cut) counts as a 5xx too.
 * Latency is wall-clock time (not scaled by the time scale) from the ALB forwarding the request to the target's
 * response being complete or failed. Counters are read one by one, so a snapshot taken under load is consistent
 * only to within the requests in flight.
 *
 * @param requests       requests forwarded to the target
 * @param responses2xx   exchanges that ended with a 2xx
 * @param responses3xx   … a 3xx
 * @param responses4xx   … a 4xx
 * @param responses5xx   … a 5xx from the target or the ALB's own 502/504 for it
 * @param latencyBuckets count per latency bucket, upper bounds as {@link #latencyBucketUpperBoundsMillis()}
 */
public record TargetStats(long requests, long responses2xx, long responses3xx, long responses4xx, long responses5xx,
                          List<Long> latencyBuckets) {
    private static final List<Double> BOUNDS = bounds();

    public TargetStats {
        latencyBuckets = List.copyOf(latencyBuckets);
        if (latencyBuckets.size() != LatencyBuckets.COUNT) {
            throw new IllegalArgumentException("latencyBuckets has " + latencyBuckets.size() + " counts; the layout has "
                    + LatencyBuckets.COUNT + " (see latencyBucketUpperBoundsMillis())");
        }
    }

    /** No requests at all: what {@link AlbStats#target} gives for a target it has never seen. */
    public static TargetStats empty() {
        return new TargetStats(0, 0, 0, 0, 0, Collections.nCopies(LatencyBuckets.COUNT, 0L));
    }

    /**
     * Upper bound (inclusive) of each latency bucket in milliseconds: 20 buckets per decade from 0.1 ms to 60 s, the
     * last {@code +Infinity} for anything slower. The same for every snapshot.
     */
    public static List<Double> latencyBucketUpperBoundsMillis() {
        return BOUNDS;
    }

    private static List<Double> bounds() {
        List<Double> b = new ArrayList<>(LatencyBuckets.COUNT);
        for (int i = 0; i < LatencyBuckets.COUNT; i++) {
            b.add(LatencyBuckets.upperMillis(i));
        }
        return List.copyOf(b);
    }

    /** Exchanges that have ended (requests minus those in flight): the sum of the latency buckets. */
    public long responses() {
        long n = 0;
        for (long c : latencyBuckets) {
            n += c;
        }
        return n;
    }

    /**
     * 5xx among the exchanges that have ended, 0 when none has. Requests still in flight have no outcome yet and do
     * not dilute the rate.
     */
    public double errorRate() {
        long n = responses();
        return n == 0 ? 0 : (double) responses5xx / n;
    }

    /**
     * The {@code q}-quantile of latency, e.g. 0.99, as the upper bound of the bucket it falls in (so at most 12.2 %
     * above the true value); {@code +Infinity} if it falls beyond 60 s, NaN when no exchange has ended.
     *
     * @throws IllegalArgumentException if {@code q} is outside [0, 1]
     */
    public double quantileMillis(double q) {
        if (!(q >= 0 && q <= 1)) {
            throw new IllegalArgumentException("quantile must be in [0, 1], e.g. 0.99 for p99; got " + q);
        }
        long n = responses();
        if (n == 0) {
            return Double.NaN;
        }
        long rank = Math.max(1, (long) Math.ceil(q * n));
        long seen = 0;
        for (int i = 0; i < latencyBuckets.size(); i++) {
            seen += latencyBuckets.get(i);
            if (seen >= rank) {
                return BOUNDS.get(i);
            }
        }
        return BOUNDS.get(BOUNDS.size() - 1);
    }

    /**
     * What happened between {@code earlier} and this snapshot of the same target.
     *
     * @throws IllegalArgumentException if a counter of {@code earlier} is larger, i.e. the snapshots are swapped
     */
    public TargetStats since(TargetStats earlier) {
        return combine(earlier, -1);
    }

    /** This and {@code other} added up, e.g. for a whole target group. */
    public TargetStats plus(TargetStats other) {
        return combine(other, 1);
    }

    private TargetStats combine(TargetStats o, int sign) {
        List<Long> b = new ArrayList<>(latencyBuckets.size());
        for (int i = 0; i < latencyBuckets.size(); i++) {
            b.add(latencyBuckets.get(i) + sign * o.latencyBuckets.get(i));
        }
        TargetStats out = new TargetStats(requests + sign * o.requests, responses2xx + sign * o.responses2xx,
                responses3xx + sign * o.responses3xx, responses4xx + sign * o.responses4xx,
                responses5xx + sign * o.responses5xx, b);
        if (out.requests < 0 || out.responses2xx < 0 || out.responses3xx < 0 || out.responses4xx < 0
                || out.responses5xx < 0 || b.stream().anyMatch(c -> c < 0)) {
            throw new IllegalArgumentException("since(earlier): " + o + " has counters larger than this snapshot "
                    + this + "; call later.since(earlier), both for the same target");
        }
        return out;
    }

    @Override
    public String toString() {
        return "TargetStats{requests=" + requests + ", 2xx=" + responses2xx + ", 3xx=" + responses3xx + ", 4xx="
                + responses4xx + ", 5xx=" + responses5xx + ", p50<=" + quantileMillis(0.5) + "ms, p99<="
                + quantileMillis(0.99) + "ms}";
    }
}
