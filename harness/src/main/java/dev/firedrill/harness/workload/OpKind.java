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
    ENQUEUE("enqueue"),
    /**
     * {@code GET /debug/sleep?ms=}{@link WorkloadSpec#slowWork()}: a long request (a report, an upload) that a
     * deployment must let finish, not cut while it deregisters the instance. It changes nothing, so the lost-write
     * and stale-read checkers ignore it; availability and latency count it as a class of its own. A 2xx is
     * {@code ok}; a 4xx, a 5xx or no answer (refused, reset) is {@code fail}; a request timeout is {@code info}
     * (the harness gave up, the app may still have served it). The invocation's value is the requested ms.
     * <b>The reference app serves this route only when its environment has {@code DEBUG_ENDPOINTS=true}</b>
     * (otherwise every slow operation fails with a 404); setting that is the topology's business, nothing checks it.
     */
    SLOW("slow");

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
                + "consistent_read, login, me, enqueue, slow");
    }

    @Override
    public String toString() {
        return wire.toLowerCase(Locale.ROOT);
    }
}
