package dev.firedrill.harness.workload.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** An append-only, thread-safe list of strings (session cookies, job ids) with random picks. */
public final class Tokens {
    private final List<String> items = new ArrayList<>();

    public synchronized void add(String s) {
        items.add(s);
    }

    /** A random element, or null when empty. */
    public synchronized String any(SplittableRandom rnd) {
        return items.isEmpty() ? null : items.get(rnd.nextInt(items.size()));
    }

    public synchronized List<String> all() {
        return List.copyOf(items);
    }
}
