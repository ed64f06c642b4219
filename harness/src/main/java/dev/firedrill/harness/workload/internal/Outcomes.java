package dev.firedrill.harness.workload.internal;

import dev.firedrill.harness.history.EventType;
import dev.firedrill.harness.workload.OpKind;
import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;

/**
 * How an HTTP answer or error becomes ok / fail / info. {@code fail} only when the operation surely did not
 * happen; an operation that changes state ({@link #mutates}) and may have reached the database is {@code info}.
 * Reads have no effect, so every read error is a {@code fail} (it counts against availability).
 */
public final class Outcomes {
    private Outcomes() {
    }

    /** Writes, enqueues and logins change state; reads and {@code me} do not. */
    public static boolean mutates(OpKind op) {
        return op == OpKind.WRITE || op == OpKind.ENQUEUE || op == OpKind.LOGIN;
    }

    /**
     * Classifies a response. 2xx ok; 4xx fail (refused: bad version, unknown key, no session); 5xx fail for
     * reads; for state-changing operations 5xx is info unless the body says the app never reached the
     * dependency (breaker open, no pooled connection could be had, connection refused).
     */
    public static EventType ofStatus(OpKind op, int status, String body) {
        if (status >= 200 && status < 300) {
            return EventType.OK;
        }
        if (status < 500 || !mutates(op)) {
            return EventType.FAIL;
        }
        return status == 503 && surelyNotAttempted(body) ? EventType.FAIL : EventType.INFO;
    }

    /**
     * Classifies a client-side error: not connected = fail; timeout or reset after sending = info for writes.
     * A {@link OpKind#SLOW} operation that timed out is info (the harness gave up on a request the app may still
     * be serving, not a failure of the stack); cut any other way it is fail, which is what a deployment that
     * drops in-flight requests looks like.
     */
    public static EventType ofError(OpKind op, Throwable error) {
        Throwable e = unwrap(error);
        if (e instanceof HttpConnectTimeoutException || e instanceof ConnectException) {
            return EventType.FAIL;
        }
        if (op == OpKind.SLOW) {
            return e instanceof HttpTimeoutException ? EventType.INFO : EventType.FAIL;
        }
        if (!mutates(op)) {
            return EventType.FAIL;
        }
        return EventType.INFO; // a timeout or reset after the request was sent: it may have happened
    }

    /** The innermost meaningful cause (CompletionException wrappers removed). */
    public static Throwable unwrap(Throwable error) {
        Throwable e = error;
        while ((e instanceof java.util.concurrent.CompletionException
                || e instanceof java.util.concurrent.ExecutionException) && e.getCause() != null) {
            e = e.getCause();
        }
        return e;
    }

    static boolean surelyNotAttempted(String body) {
        if (body == null) {
            return false;
        }
        String b = body.toLowerCase(java.util.Locale.ROOT);
        return b.contains("circuit breaker") || b.contains("connection is not available")
                || b.contains("connection refused") || b.contains("refused");
    }

    /** A short error text for the history. */
    public static String describe(Throwable error) {
        Throwable e = unwrap(error);
        String m = e.getMessage();
        String s = e.getClass().getSimpleName() + (m == null ? "" : ": " + m);
        return s.length() > 200 ? s.substring(0, 200) : s;
    }
}
