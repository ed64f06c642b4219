package dev.firedrill.harness.check.internal;

/** In-place quicksort of an int array under a primitive comparator (no boxing). Not stable. */
public final class IntSort {

    /** Compares two ints; negative, zero or positive like {@link java.util.Comparator}. */
    @FunctionalInterface
    public interface IntComparator {
        int compare(int a, int b);
    }

    private IntSort() {
    }

    public static void sort(int[] a, IntComparator c) {
        sort(a, 0, a.length, c);
    }

    public static void sort(int[] a, int from, int to, IntComparator c) {
        while (to - from > 16) {
            int mid = (from + to) >>> 1;
            // median of three as pivot: nearly sorted input (the usual case) stays O(n log n)
            int x = a[from];
            int y = a[mid];
            int z = a[to - 1];
            int pivot = c.compare(x, y) < 0
                    ? (c.compare(y, z) < 0 ? y : (c.compare(x, z) < 0 ? z : x))
                    : (c.compare(x, z) < 0 ? x : (c.compare(y, z) < 0 ? z : y));
            int i = from;
            int j = to - 1;
            while (i <= j) {
                while (c.compare(a[i], pivot) < 0) {
                    i++;
                }
                while (c.compare(a[j], pivot) > 0) {
                    j--;
                }
                if (i <= j) {
                    int t = a[i];
                    a[i] = a[j];
                    a[j] = t;
                    i++;
                    j--;
                }
            }
            // recurse into the smaller part, loop on the larger: bounded stack depth
            if (j - from < to - i) {
                sort(a, from, j + 1, c);
                from = i;
            } else {
                sort(a, i, to, c);
                to = j + 1;
            }
        }
        for (int i = from + 1; i < to; i++) {
            int v = a[i];
            int j = i - 1;
            while (j >= from && c.compare(a[j], v) > 0) {
                a[j + 1] = a[j];
                j--;
            }
            a[j + 1] = v;
        }
    }
}
