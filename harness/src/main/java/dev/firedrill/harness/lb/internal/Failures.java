package dev.firedrill.harness.lb.internal;

import java.io.EOFException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.nio.channels.ClosedChannelException;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.client.HttpResponseException;
import org.eclipse.jetty.http.BadMessageException;

/**
 * Maps a failed exchange with a target to the status AWS would send (ELB user guide, "Troubleshoot
 * your Application Load Balancers": HTTP 502 when the target refused or reset the connection, closed
 * it early or sent a malformed response; HTTP 504 when it did not answer before the idle timeout).
 */
final class Failures {
    private Failures() {
    }

    /** Status and {@code X-Firedrill-Lb-Error} reason for a failed forward. */
    record Verdict(int status, String reason) {
    }

    static Verdict verdict(Throwable x) {
        if (has(x, TargetDeregistered.class)) {
            return new Verdict(502, "target-deregistered");
        }
        if (has(x, TimeoutException.class) || has(x, SocketTimeoutException.class)) {
            return new Verdict(504, "target-timeout");
        }
        if (has(x, ConnectException.class)) {
            return new Verdict(502, "target-connection-refused");
        }
        if (has(x, BadMessageException.class) || has(x, HttpResponseException.class)) {
            return new Verdict(502, "malformed-target-response");
        }
        if (has(x, EOFException.class) || has(x, ClosedChannelException.class) || mentionsReset(x)) {
            return new Verdict(502, "target-closed-connection");
        }
        return new Verdict(502, "target-error");
    }

    static boolean has(Throwable x, Class<? extends Throwable> type) {
        for (Throwable c = x; c != null; c = c.getCause()) {
            if (type.isInstance(c)) {
                return true;
            }
            if (c.getCause() == c) {
                break;
            }
        }
        return false;
    }

    static String describe(Throwable x) {
        return x.getClass().getSimpleName() + (x.getMessage() == null ? "" : ": " + x.getMessage());
    }

    private static boolean mentionsReset(Throwable x) {
        for (Throwable c = x; c != null && c.getCause() != c; c = c.getCause()) {
            String m = c.getMessage();
            if (m != null && (m.contains("reset") || m.contains("Broken pipe") || m.contains("closed"))) {
                return true;
            }
        }
        return false;
    }

    /** Aborts requests still in flight to a target whose deregistration delay has elapsed. */
    static final class TargetDeregistered extends Exception {
        private static final long serialVersionUID = 1L;

        TargetDeregistered(String targetId) {
            super("deregistration delay of target '" + targetId + "' elapsed with this request in flight", null, false, false);
        }
    }
}
