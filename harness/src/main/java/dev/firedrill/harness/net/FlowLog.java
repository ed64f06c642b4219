package dev.firedrill.harness.net;

import java.util.ArrayList;
import java.util.List;

/**
 * The flow records of connections that ended, newest kept: a ring of {@link #capacity()} records; when it is full,
 * each new record overwrites the oldest and {@link #dropped()} counts it. One per {@link LinkRegistry}, shared by
 * its links; a link opened on its own keeps its own. Thread-safe: adding is O(1) under a lock taken once per
 * connection, never per read.
 *
 * <pre>{@code
 * FlowLog log = new FlowLog(10_000);
 * log.add(record);
 * List<FlowRecord> recent = log.endedSince(System.currentTimeMillis() * 1_000_000L - 60_000_000_000L);
 * }</pre>
 */
public final class FlowLog {
    /** The bound of a registry's log: about 100k records (tens of megabytes at most). */
    public static final int DEFAULT_CAPACITY = 100_000;

    private final FlowRecord[] ring;
    private long written;

    /** A log keeping the last {@code capacity} records (at least 1). */
    public FlowLog(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, was " + capacity);
        }
        this.ring = new FlowRecord[capacity];
    }

    public int capacity() {
        return ring.length;
    }

    /** Keeps {@code record}, overwriting the oldest when full. */
    public synchronized void add(FlowRecord record) {
        ring[(int) (written % ring.length)] = record;
        written++;
    }

    /** The records kept whose end is at or after {@code sinceEpochNanos}, oldest first. */
    public synchronized List<FlowRecord> endedSince(long sinceEpochNanos) {
        int kept = (int) Math.min(written, ring.length);
        List<FlowRecord> out = new ArrayList<>();
        for (long i = written - kept; i < written; i++) {
            FlowRecord r = ring[(int) (i % ring.length)];
            if (r.endEpochNanos() >= sinceEpochNanos) {
                out.add(r);
            }
        }
        return out;
    }

    /** Records overwritten because the log was full. */
    public synchronized long dropped() {
        return Math.max(0, written - ring.length);
    }

    /** Records added since the log was made (kept or dropped). */
    public synchronized long total() {
        return written;
    }
}
