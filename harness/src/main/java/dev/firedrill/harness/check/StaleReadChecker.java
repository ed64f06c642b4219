package dev.firedrill.harness.check;

import dev.firedrill.harness.check.internal.Figures;
import dev.firedrill.harness.check.internal.IntList;
import dev.firedrill.harness.check.internal.IntSort;
import dev.firedrill.harness.check.internal.OpIndex;
import dev.firedrill.harness.history.Operations;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Stale reads: an {@code ok} read that returned a version older than the version of a write that completed
 * {@code ok} before the read was invoked. A read that found nothing (no version) is stale when any write to its
 * key had completed. Staleness is how long before the read began the first such newer write completed.
 * Figures are split by pool (X-Db-Pool) and by operation. Only stale reads of {@code strictOps} (default
 * {@code consistent_read}) make the verdict invalid: plain reads may be served by a lagging replica by design.
 */
public final class StaleReadChecker implements Checker {
    /** This checker's {@link #name()}: its key among a run's checks and in result.json. */
    public static final String NAME = "stale-reads";
    /** Ok reads (also per pool and per operation). */
    public static final Figure<Long> READS = Figure.count("reads");
    /** Stale ok reads (also per pool and per operation). */
    public static final Figure<Long> STALE_READS = Figure.count("staleReads");
    /** Stale / reads; null without reads (also per pool and per operation). */
    public static final Figure<Double> STALE_RATE = Figure.number("staleRate");
    /** The largest staleness (also per pool and per operation). */
    public static final Figure<Double> MAX_STALENESS_MS = Figure.number("maxStalenessMs");
    /** Stale reads of the strict operations: these make the verdict invalid. */
    public static final Figure<Long> STRICT_STALE_READS = Figure.count("strictStaleReads");
    /** The strict operations, sorted. */
    public static final Figure<List<Object>> STRICT_OPS = Figure.list("strictOps");
    /** Pool (X-Db-Pool) → the figures of {@link #SPLIT} for the reads served by that pool. */
    public static final Figure<Map<String, Object>> BY_POOL = Figure.map("byPool");
    /** Operation → the figures of {@link #SPLIT} for that operation. */
    public static final Figure<Map<String, Object>> BY_OP = Figure.map("byOp");
    /** The figures each entry of {@link #BY_POOL} and {@link #BY_OP} holds. */
    public static final List<Figure<?>> SPLIT = List.of(READS, STALE_READS, STALE_RATE, MAX_STALENESS_MS);

    private final Set<String> readOps;
    private final Set<String> strictOps;
    private final Set<String> writeOps;

    /** Reads {@code read}, {@code consistent_read}; strict {@code consistent_read}; writes {@code write}, {@code update}. */
    public StaleReadChecker() {
        this(Set.of("read", "consistent_read"), Set.of("consistent_read"), Set.of("write", "update"));
    }

    public StaleReadChecker(Set<String> readOps, Set<String> strictOps, Set<String> writeOps) {
        this.readOps = Set.copyOf(readOps);
        this.strictOps = Set.copyOf(strictOps);
        this.writeOps = Set.copyOf(writeOps);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public CheckResult check(CheckInput input) {
        Operations ops = input.history().operations();
        boolean[] writes = OpIndex.mask(ops, writeOps);
        boolean[] reads = OpIndex.mask(ops, readOps);
        boolean[] strict = OpIndex.mask(ops, strictOps);
        // acknowledged versioned writes, sorted by (key, completion time)
        IntList w = new IntList();
        for (int i = 0; i < ops.size(); i++) {
            if (ops.isOk(i) && OpIndex.in(writes, ops.f(i)) && ops.key(i) >= 0
                    && ops.version(i) != Operations.NO_VERSION) {
                w.add(i);
            }
        }
        int[] wr = w.toArray();
        int nw = wr.length;
        int[] wKey = new int[nw];
        long[] wDone = new long[nw];
        long[] wVer = new long[nw];
        for (int j = 0; j < nw; j++) {
            wKey[j] = ops.key(wr[j]);
            wDone[j] = ops.completeNanos(wr[j]);
            wVer[j] = ops.version(wr[j]);
        }
        int[] order = new int[nw];
        for (int j = 0; j < nw; j++) {
            order[j] = j;
        }
        IntSort.sort(order, (a, b) -> wKey[a] != wKey[b] ? Integer.compare(wKey[a], wKey[b])
                : Long.compare(wDone[a], wDone[b]));
        long[] done = new long[nw];
        long[] prefixMax = new long[nw];
        int maxKey = 0;
        for (int j = 0; j < nw; j++) {
            maxKey = Math.max(maxKey, wKey[j] + 1);
        }
        int[] segStart = new int[maxKey + 1];
        java.util.Arrays.fill(segStart, -1);
        int[] segEnd = new int[maxKey + 1];
        for (int j = 0; j < nw; j++) {
            int o = order[j];
            int k = wKey[o];
            done[j] = wDone[o];
            boolean first = j == 0 || wKey[order[j - 1]] != k;
            prefixMax[j] = first ? wVer[o] : Math.max(prefixMax[j - 1], wVer[o]);
            if (first) {
                segStart[k] = j;
            }
            segEnd[k] = j + 1;
        }
        Map<String, long[]> byPool = new TreeMap<>();
        Map<String, long[]> byOp = new TreeMap<>();
        long readCount = 0, stale = 0, strictStale = 0, maxStaleness = 0;
        List<String> examples = new ArrayList<>();
        for (int i = 0; i < ops.size(); i++) {
            int f = ops.f(i);
            if (!ops.isOk(i) || !OpIndex.in(reads, f)) {
                continue;
            }
            readCount++;
            String pool = ops.pool(i) < 0 ? "unknown" : ops.symbol(ops.pool(i));
            long[] p = byPool.computeIfAbsent(pool, x -> new long[3]);
            long[] o = byOp.computeIfAbsent(ops.symbol(f), x -> new long[3]);
            p[0]++;
            o[0]++;
            int k = ops.key(i);
            if (k < 0 || k >= maxKey || segStart[k] < 0) {
                continue;
            }
            long r = ops.version(i) == Operations.NO_VERSION ? Long.MIN_VALUE : ops.version(i);
            long began = ops.invokeNanos(i);
            int s = segStart[k];
            int m = upperBound(done, s, segEnd[k], began - 1); // writes completed strictly before the read began
            if (m == s || prefixMax[m - 1] <= r) {
                continue;
            }
            int firstNewer = firstAbove(prefixMax, s, m, r);
            long staleness = began - done[firstNewer];
            stale++;
            if (OpIndex.in(strict, f)) {
                strictStale++;
            }
            maxStaleness = Math.max(maxStaleness, staleness);
            p[1]++;
            o[1]++;
            p[2] = Math.max(p[2], staleness);
            o[2] = Math.max(o[2], staleness);
            examples.add(ops.describe(i) + " read v=" + (r == Long.MIN_VALUE ? "none" : r) + " but v="
                    + prefixMax[m - 1] + " was acknowledged " + Figures.ms(staleness) + " ms before the read began");
        }
        Map<String, Object> fig = new LinkedHashMap<>();
        READS.put(fig, readCount);
        STALE_READS.put(fig, stale);
        STALE_RATE.put(fig, Figures.ratio(stale, readCount));
        MAX_STALENESS_MS.put(fig, Figures.ms(maxStaleness));
        STRICT_STALE_READS.put(fig, strictStale);
        STRICT_OPS.put(fig, List.<Object>copyOf(new java.util.TreeSet<>(strictOps)));
        BY_POOL.put(fig, split(byPool));
        BY_OP.put(fig, split(byOp));
        return CheckResult.of(name(), strictStale > 0 ? Verdict.INVALID : Verdict.VALID, fig, examples);
    }

    private static Map<String, Object> split(Map<String, long[]> m) {
        Map<String, Object> out = new LinkedHashMap<>();
        m.forEach((k, v) -> {
            Map<String, Object> e = new LinkedHashMap<>();
            READS.put(e, v[0]);
            STALE_READS.put(e, v[1]);
            STALE_RATE.put(e, Figures.ratio(v[1], v[0]));
            MAX_STALENESS_MS.put(e, Figures.ms(v[2]));
            out.put(k, e);
        });
        return out;
    }

    /** First index in [from, to) whose value is greater than {@code v}, or {@code to}. */
    private static int upperBound(long[] a, int from, int to, long v) {
        int lo = from, hi = to;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (a[mid] <= v) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    private static int firstAbove(long[] nonDecreasing, int from, int to, long v) {
        return upperBound(nonDecreasing, from, to, v);
    }
}
