package dev.firedrill.harness.history;

import dev.firedrill.harness.history.internal.EventColumns;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Client operations of a history as primitive columns, one row per invocation in invoke order (so rows are
 * sorted by {@link #invokeNanos(int)}). Each row is paired with the first later completion of the same process
 * (Jepsen: a process has one operation in flight; extra in-flight operations are matched first in, first out).
 * An invocation that never completed has outcome {@link EventType#INFO} and completion time -1.
 * Strings are symbol ids: use {@link #symbol(int)} and {@link #symbolId(String)}; -1 means absent.
 */
public final class Operations {
    /** Version value meaning "no version". */
    public static final long NO_VERSION = EventColumns.NO_VERSION;
    private static final EventType[] TYPES = EventType.values();

    private final EventColumns.Snapshot cols;
    private final Map<String, Integer> ids = new HashMap<>();
    private final int size;
    private final int[] invokeIndex;
    private final int[] completionIndex;
    private final long[] invokeNanos;
    private final long[] completeNanos;
    private final byte[] outcome;
    private final int unpairedCompletions;

    private Operations(EventColumns.Snapshot cols, int size, int[] invokeIndex, int[] completionIndex,
                       long[] invokeNanos, long[] completeNanos, byte[] outcome, int unpaired) {
        this.cols = cols;
        this.size = size;
        this.invokeIndex = invokeIndex;
        this.completionIndex = completionIndex;
        this.invokeNanos = invokeNanos;
        this.completeNanos = completeNanos;
        this.outcome = outcome;
        this.unpairedCompletions = unpaired;
        String[] s = cols.symbols();
        for (int i = 0; i < s.length; i++) {
            ids.put(s[i], i);
        }
    }

    static Operations pair(EventColumns.Snapshot c) {
        int n = c.size();
        int nemesis = -1;
        int sampler = -1;
        int fleet = -1;
        String[] syms = c.symbols();
        for (int i = 0; i < syms.length; i++) {
            if (Event.NEMESIS.equals(syms[i])) {
                nemesis = i;
            } else if (Event.SAMPLER.equals(syms[i])) {
                sampler = i;
            } else if (Event.FLEET.equals(syms[i])) {
                fleet = i;
            }
        }
        int invokes = 0;
        byte inv = (byte) EventType.INVOKE.ordinal();
        for (int i = 0; i < n; i++) {
            if (c.type()[i] == inv) {
                invokes++;
            }
        }
        int[] invokeIndex = new int[invokes];
        int[] completionIndex = new int[invokes];
        long[] invokeNanos = new long[invokes];
        long[] completeNanos = new long[invokes];
        byte[] outcome = new byte[invokes];
        Arrays.fill(completionIndex, -1);
        Arrays.fill(completeNanos, -1);
        Arrays.fill(outcome, (byte) EventType.INFO.ordinal());
        // one pending op per process in a primitive slot; rare extra in-flight ops go to an overflow queue
        int[] pending = new int[syms.length];
        Arrays.fill(pending, -1);
        Map<Integer, ArrayDeque<Integer>> overflow = new HashMap<>();
        int row = 0;
        int unpaired = 0;
        byte sample = (byte) EventType.SAMPLE.ordinal();
        for (int i = 0; i < n; i++) {
            byte t = c.type()[i];
            int p = c.process()[i];
            if (t == sample || p == nemesis || p == sampler || p == fleet) {
                continue;
            }
            if (t == inv) {
                invokeIndex[row] = i;
                invokeNanos[row] = c.nanos()[i];
                if (pending[p] < 0) {
                    pending[p] = row;
                } else {
                    overflow.computeIfAbsent(p, k -> new ArrayDeque<>()).addLast(row);
                }
                row++;
            } else {
                int r = pending[p];
                if (r < 0) {
                    unpaired++;
                    continue;
                }
                ArrayDeque<Integer> q = overflow.isEmpty() ? null : overflow.get(p);
                pending[p] = q == null || q.isEmpty() ? -1 : q.pollFirst();
                completionIndex[r] = i;
                completeNanos[r] = c.nanos()[i];
                outcome[r] = t;
            }
        }
        return new Operations(c, invokes, invokeIndex, completionIndex, invokeNanos, completeNanos, outcome,
                unpaired);
    }

    /** The W3C trace id the operation's request carried ({@link Event#trace()}), or null. */
    public String trace(int op) {
        return cols.trace(invokeIndex[op]);
    }

    /** Number of invocations. */
    public int size() {
        return size;
    }

    /** Completions without a matching invocation (ignored by checkers). */
    public int unpairedCompletions() {
        return unpairedCompletions;
    }

    /** History index of the invocation. */
    public int invokeIndex(int op) {
        return invokeIndex[op];
    }

    /** History index of the completion, or -1. */
    public int completionIndex(int op) {
        return completionIndex[op];
    }

    public long invokeNanos(int op) {
        return invokeNanos[op];
    }

    /** Completion time, or -1 when the operation never completed. */
    public long completeNanos(int op) {
        return completeNanos[op];
    }

    /** OK, FAIL or INFO (INFO also when never completed). */
    public EventType outcome(int op) {
        return TYPES[outcome[op]];
    }

    public boolean isOk(int op) {
        return outcome[op] == 1;
    }

    /**
     * The service answered the request itself: ok, or a failure with a 4xx status other than 408 and 429 (a
     * version conflict, an unknown session, a bad request: a definite "no" from a working service, not
     * unavailability).
     */
    public boolean isServed(int op) {
        if (outcome[op] == 1) {
            return true;
        }
        if (outcome[op] != 2) {
            return false;
        }
        int s = status(op);
        return s >= 400 && s < 500 && s != 408 && s != 429;
    }

    public boolean isFail(int op) {
        return outcome[op] == 2;
    }

    public boolean isInfo(int op) {
        return outcome[op] == 3;
    }

    /** Symbol id of the operation name (f). */
    public int f(int op) {
        return cols.f()[invokeIndex[op]];
    }

    /** Symbol id of the process. */
    public int process(int op) {
        return cols.process()[invokeIndex[op]];
    }

    /** Symbol id of the key: the invocation's, else the completion's. */
    public int key(int op) {
        int k = cols.key()[invokeIndex[op]];
        int c = completionIndex[op];
        return k >= 0 || c < 0 ? k : cols.key()[c];
    }

    /** The completion's version, else the invocation's, else {@link #NO_VERSION}. */
    public long version(int op) {
        int c = completionIndex[op];
        if (c >= 0 && cols.version()[c] != NO_VERSION) {
            return cols.version()[c];
        }
        return cols.version()[invokeIndex[op]];
    }

    /** The completion's value, else the invocation's. */
    public String value(int op) {
        int c = completionIndex[op];
        if (c >= 0 && cols.value()[c] != null) {
            return cols.value()[c];
        }
        return cols.value()[invokeIndex[op]];
    }

    /** Symbol id of the completion's pool (X-Db-Pool), or -1. */
    public int pool(int op) {
        int c = completionIndex[op];
        return c < 0 ? -1 : cols.pool()[c];
    }

    /** Symbol id of the completion's instance (X-Instance-Id), or -1. */
    public int instance(int op) {
        int c = completionIndex[op];
        return c < 0 ? -1 : cols.instance()[c];
    }

    /** HTTP status of the completion, or 0. */
    public int status(int op) {
        int c = completionIndex[op];
        return c < 0 ? 0 : cols.status()[c];
    }

    /** Symbol id of the completion's error text, or -1. */
    public int error(int op) {
        int c = completionIndex[op];
        return c < 0 ? -1 : cols.error()[c];
    }

    /** The string of a symbol id, null for -1. */
    public String symbol(int id) {
        return cols.symbol(id);
    }

    /** The id of a string, or -1 when it never occurs in the history. */
    public int symbolId(String s) {
        Integer id = s == null ? null : ids.get(s);
        return id == null ? -1 : id;
    }

    /** A short human description, e.g. {@code "#41→#45 c3 write k7 v=12 ok 1234.5ms..1240.1ms"}. */
    public String describe(int op) {
        StringBuilder b = new StringBuilder();
        b.append('#').append(invokeIndex[op]);
        if (completionIndex[op] >= 0) {
            b.append("→#").append(completionIndex[op]);
        }
        b.append(' ').append(symbol(process(op))).append(' ').append(symbol(f(op)));
        if (key(op) >= 0) {
            b.append(' ').append(symbol(key(op)));
        }
        if (version(op) != NO_VERSION) {
            b.append(" v=").append(version(op));
        }
        b.append(' ').append(outcome(op).wire());
        if (pool(op) >= 0) {
            b.append(" pool=").append(symbol(pool(op)));
        }
        if (status(op) != 0) {
            b.append(" status=").append(status(op));
        }
        b.append(String.format(" %.1fms", invokeNanos[op] / 1e6));
        if (completeNanos[op] >= 0) {
            b.append(String.format("..%.1fms", completeNanos[op] / 1e6));
        }
        return b.toString();
    }
}
