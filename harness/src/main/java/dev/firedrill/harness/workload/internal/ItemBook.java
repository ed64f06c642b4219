package dev.firedrill.harness.workload.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * The items the workload knows: their last acknowledged version and which ones have a write in flight (one
 * write per key at a time, so updates carry the right version and rarely conflict). Thread-safe.
 */
public final class ItemBook {
    private final List<Long> ids = new ArrayList<>();
    private final Map<Long, Long> versions = new HashMap<>();
    private final Set<Long> writing = new HashSet<>();
    private final Set<Long> touched = new LinkedHashSet<>();

    /** Number of items created so far. */
    public synchronized int size() {
        return ids.size();
    }

    /** A random item id, or -1 when there is none yet. */
    public synchronized long any(SplittableRandom rnd) {
        return ids.isEmpty() ? -1 : ids.get(rnd.nextInt(ids.size()));
    }

    /** Claims a random item without a write in flight; returns {id, version} or null when none is free. */
    public synchronized long[] claimForUpdate(SplittableRandom rnd) {
        if (ids.size() == writing.size()) {
            return null;
        }
        for (int tries = 0; tries < 8; tries++) {
            long id = ids.get(rnd.nextInt(ids.size()));
            if (writing.add(id)) {
                return new long[] {id, versions.get(id)};
            }
        }
        for (long id : ids) {
            if (writing.add(id)) {
                return new long[] {id, versions.get(id)};
            }
        }
        return null;
    }

    /** An item was created (version 1) or updated to {@code version}. */
    public synchronized void acknowledged(long id, long version) {
        if (!versions.containsKey(id)) {
            ids.add(id);
        }
        versions.merge(id, version, Math::max);
        touched.add(id);
    }

    /** A write to the item might have happened (info): the final read must look at it. */
    public synchronized void touched(long id) {
        touched.add(id);
    }

    /** The update on the item finished (whatever its outcome). */
    public synchronized void release(long id) {
        writing.remove(id);
    }

    /** Every item id a write may have reached, in first-write order. */
    public synchronized List<Long> touchedIds() {
        return List.copyOf(touched);
    }
}
