package dev.firedrill.harness.check.internal;

import dev.firedrill.harness.history.Operations;
import java.util.Collection;

/** Lookups over {@link Operations} shared by checkers. */
public final class OpIndex {
    private OpIndex() {
    }

    /** A mask over symbol ids that is true for the given names. */
    public static boolean[] mask(Operations ops, Collection<String> names) {
        int max = 0;
        int[] ids = new int[names.size()];
        int n = 0;
        for (String s : names) {
            int id = ops.symbolId(s);
            if (id >= 0) {
                ids[n++] = id;
                max = Math.max(max, id + 1);
            }
        }
        boolean[] m = new boolean[max];
        for (int i = 0; i < n; i++) {
            m[ids[i]] = true;
        }
        return m;
    }

    public static boolean in(boolean[] mask, int id) {
        return id >= 0 && id < mask.length && mask[id];
    }

    /** First operation row whose invocation is at or after {@code nanos} (rows are sorted by invoke time). */
    public static int firstInvokedAtOrAfter(Operations ops, long nanos) {
        int lo = 0;
        int hi = ops.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (ops.invokeNanos(mid) < nanos) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** Rows grouped by operation name: result[symbolId] = rows of that f in invoke order (null when none). */
    public static int[][] rowsByF(Operations ops) {
        int maxF = 0;
        for (int i = 0; i < ops.size(); i++) {
            maxF = Math.max(maxF, ops.f(i) + 1);
        }
        int[] counts = new int[maxF];
        for (int i = 0; i < ops.size(); i++) {
            counts[ops.f(i)]++;
        }
        int[][] rows = new int[maxF][];
        for (int f = 0; f < maxF; f++) {
            rows[f] = counts[f] == 0 ? null : new int[counts[f]];
        }
        int[] fill = new int[maxF];
        for (int i = 0; i < ops.size(); i++) {
            int f = ops.f(i);
            rows[f][fill[f]++] = i;
        }
        return rows;
    }
}
