package dev.firedrill.harness.history.internal;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Interns the repeating strings of a history (process, operation, key, pool, ...) as small ints so events are
 * stored in primitive columns. Id -1 means null. Append-only; callers synchronize writers.
 */
public final class Symbols {
    private final Map<String, Integer> ids = new HashMap<>();
    private String[] names = new String[64];
    private int size;

    /** The id of {@code s}, adding it when new; -1 for null. */
    public int intern(String s) {
        if (s == null) {
            return -1;
        }
        Integer id = ids.get(s);
        if (id != null) {
            return id;
        }
        if (size == names.length) {
            names = Arrays.copyOf(names, size * 2);
        }
        names[size] = s;
        ids.put(s, size);
        return size++;
    }

    /** A copy of the names in id order, for an immutable snapshot. */
    public String[] snapshot() {
        return Arrays.copyOf(names, size);
    }
}
