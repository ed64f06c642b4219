package dev.firedrill.app.internal.db;

/**
 * Remembers, per request thread, the last pool a request borrowed from, so even error replies (404, 409,
 * 503) can say {@code X-Db-Pool}. Requests run on one thread from start to reply, which makes a
 * thread-local exact here.
 */
public final class PoolUse {
    private static final ThreadLocal<Pool> LAST = new ThreadLocal<>();

    private PoolUse() {
    }

    static void record(Pool pool) {
        LAST.set(pool);
    }

    /** The pool used since the last {@link #reset()}, or null. */
    public static Pool last() {
        return LAST.get();
    }

    public static void reset() {
        LAST.remove();
    }
}
