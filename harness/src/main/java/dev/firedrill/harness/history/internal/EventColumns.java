package dev.firedrill.harness.history.internal;

import dev.firedrill.harness.history.Event;
import dev.firedrill.harness.history.EventType;
import dev.firedrill.harness.fault.FaultPhase;
import java.util.Arrays;

/**
 * Column store of events: one primitive array per field, strings interned via {@link Symbols}. About 60 bytes
 * per event plus values. Trace ids (128 bits, unique per operation, so interning would not help) are two
 * {@code long} columns, high and low half, 0/0 meaning none (the all-zero trace id is invalid in W3C); they are
 * allocated only once the first traced event arrives, so an untraced history pays nothing for them and a traced
 * one 16 bytes per event. Append-only: arrays are only written past the size a snapshot saw, so snapshots can
 * share them. Writers must synchronize.
 */
public final class EventColumns {
    public static final long NO_VERSION = Long.MIN_VALUE;
    public static final int NO_STATUS = 0;
    private static final EventType[] TYPES = EventType.values();
    private static final FaultPhase[] PHASES = FaultPhase.values();

    private final Symbols symbols = new Symbols();
    private int size;
    private long[] nanos = new long[1024];
    private byte[] type = new byte[1024];
    private byte[] phase = new byte[1024];
    private int[] process = new int[1024];
    private int[] f = new int[1024];
    private int[] key = new int[1024];
    private int[] instance = new int[1024];
    private int[] pool = new int[1024];
    private int[] error = new int[1024];
    private int[] target = new int[1024];
    private int[] faultId = new int[1024];
    private int[] status = new int[1024];
    private long[] version = new long[1024];
    private String[] value = new String[1024];
    private long[] traceHi;
    private long[] traceLo;

    public int size() {
        return size;
    }

    /** Appends an event whose index must equal the current size. */
    public void add(Event e) {
        if (e.index() != size) {
            throw new IllegalArgumentException("event index " + e.index() + " out of order; expected " + size);
        }
        if (size == nanos.length) {
            grow();
        }
        int i = size;
        nanos[i] = e.nanos();
        type[i] = (byte) e.type().ordinal();
        phase[i] = (byte) (e.phase() == null ? -1 : e.phase().ordinal());
        process[i] = symbols.intern(e.process());
        f[i] = symbols.intern(e.f());
        key[i] = symbols.intern(e.key());
        instance[i] = symbols.intern(e.instance());
        pool[i] = symbols.intern(e.pool());
        error[i] = symbols.intern(e.error());
        target[i] = symbols.intern(e.target());
        faultId[i] = symbols.intern(e.faultId());
        status[i] = e.status() == null ? NO_STATUS : e.status();
        version[i] = e.version() == null ? NO_VERSION : e.version();
        value[i] = e.value();
        if (e.trace() != null) {
            if (traceHi == null) {
                traceHi = new long[nanos.length];
                traceLo = new long[nanos.length];
            }
            traceHi[i] = Long.parseUnsignedLong(e.trace().substring(0, 16), 16);
            traceLo[i] = Long.parseUnsignedLong(e.trace().substring(16), 16);
        }
        size++;
    }

    private void grow() {
        int n = nanos.length * 2;
        nanos = Arrays.copyOf(nanos, n);
        type = Arrays.copyOf(type, n);
        phase = Arrays.copyOf(phase, n);
        process = Arrays.copyOf(process, n);
        f = Arrays.copyOf(f, n);
        key = Arrays.copyOf(key, n);
        instance = Arrays.copyOf(instance, n);
        pool = Arrays.copyOf(pool, n);
        error = Arrays.copyOf(error, n);
        target = Arrays.copyOf(target, n);
        faultId = Arrays.copyOf(faultId, n);
        status = Arrays.copyOf(status, n);
        version = Arrays.copyOf(version, n);
        value = Arrays.copyOf(value, n);
        if (traceHi != null) {
            traceHi = Arrays.copyOf(traceHi, n);
            traceLo = Arrays.copyOf(traceLo, n);
        }
    }

    /** An immutable view of the first {@link #size()} events; shares arrays (safe: append-only). */
    public Snapshot snapshot() {
        return new Snapshot(size, symbols.snapshot(), nanos, type, phase, process, f, key, instance, pool, error,
                target, faultId, status, version, value, traceHi, traceLo);
    }

    /** Read-only columns of a fixed number of events. Symbol id -1 = null; traceHi/traceLo null when untraced. */
    public record Snapshot(int size, String[] symbols, long[] nanos, byte[] type, byte[] phase, int[] process,
                           int[] f, int[] key, int[] instance, int[] pool, int[] error, int[] target, int[] faultId,
                           int[] status, long[] version, String[] value, long[] traceHi, long[] traceLo) {

        /** The trace id of event {@code i}, or null. */
        public String trace(int i) {
            if (traceHi == null || (traceHi[i] == 0 && traceLo[i] == 0)) {
                return null;
            }
            return hex16(traceHi[i]) + hex16(traceLo[i]);
        }

        private static String hex16(long v) {
            String h = Long.toHexString(v);
            return "0".repeat(16 - h.length()) + h;
        }

        public String symbol(int id) {
            return id < 0 ? null : symbols[id];
        }

        public EventType typeOf(int i) {
            return TYPES[type[i]];
        }

        public Event event(int i) {
            if (i < 0 || i >= size) {
                throw new IndexOutOfBoundsException("event " + i + " of " + size);
            }
            return new Event(i, TYPES[type[i]], symbol(process[i]), symbol(f[i]), symbol(key[i]), value[i],
                    version[i] == NO_VERSION ? null : version[i], nanos[i], symbol(instance[i]), symbol(pool[i]),
                    status[i] == NO_STATUS ? null : status[i], symbol(error[i]),
                    phase[i] < 0 ? null : PHASES[phase[i]], symbol(target[i]), symbol(faultId[i]), trace(i));
        }
    }
}
