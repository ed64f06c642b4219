package dev.firedrill.harness.workload;

import java.util.Locale;

/**
 * The operations a workload client performs against the app, with the names they carry in the history
 * ({@code f}), which the standard checkers know.
 */
public enum OpKind {
    /** {@code POST /items} for a new key, or {@code PUT /items/{id}} with the last acknowledged version. */
    WRITE("write"),
    /** {@code GET /items/{id}} with {@code Cache-Control: no-cache}: served by the reader pool. */
    READ("read"),
    /** {@code GET /items/{id}?consistent=true}: served by the writer. */
    CONSISTENT_READ("consistent_read"),
    /** {@code POST /login}: creates a session (the history key is the session cookie). */
    LOGIN("login"),
    /** {@code GET /me} with an earlier session's cookie. */
    ME("me"),
    /** {@code POST /jobs}: the history key is the job id. */
    ENQUEUE("enqueue");

    private final String wire;

    OpKind(String wire) {
        this.wire = wire;
    }

    /** The name in history.jsonl ({@code f}). */
    public String wire() {
        return wire;
    }

    /** Parses a wire name or enum name, case-insensitively. */
    public static OpKind parse(String s) {
        for (OpKind k : values()) {
            if (k.wire.equalsIgnoreCase(s) || k.name().equalsIgnoreCase(s)) {
                return k;
            }
        }
        throw new IllegalArgumentException("unknown operation '" + s + "'; expected one of write, read, "
                + "consistent_read, login, me, enqueue");
    }

    @Override
    public String toString() {
        return wire.toLowerCase(Locale.ROOT);
    }
}
