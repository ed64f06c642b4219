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
        return "stale-reads";
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
        fig.put("reads", readCount);
        fig.put("staleReads", stale);
        fig.put("staleRate", Figures.ratio(stale, readCount));
        fig.put("maxStalenessMs", Figures.ms(maxStaleness));
        fig.put("strictStaleReads", strictStale);
        fig.put("strictOps", List.copyOf(new java.util.TreeSet<>(strictOps)));
        fig.put("byPool", split(byPool));
        fig.put("byOp", split(byOp));
        return CheckResult.of(name(), strictStale > 0 ? Verdict.INVALID : Verdict.VALID, fig, examples);
    }

    private static Map<String, Object> split(Map<String, long[]> m) {
        Map<String, Object> out = new LinkedHashMap<>();
        m.forEach((k, v) -> {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("reads", v[0]);
            e.put("staleReads", v[1]);
            e.put("staleRate", Figures.ratio(v[1], v[0]));
            e.put("maxStalenessMs", Figures.ms(v[2]));
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
