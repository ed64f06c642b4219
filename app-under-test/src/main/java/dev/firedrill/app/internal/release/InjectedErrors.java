package dev.firedrill.app.internal.release;

import dev.firedrill.app.internal.http.ApiException;
import dev.firedrill.app.internal.http.Route;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code APP_FAULT=errors}: a release that fails a share of its requests. The wrapped routes answer 500
 * {@code injected_fault} before they run (so a failed write wrote nothing), on exactly {@code floor(n * rate)} of
 * the first n requests across all of them (the body is read and dropped, so the connection stays usable), evenly spread: rate 0.5 fails every second request, 0.25 every fourth,
 * 1 all, 0 none. An even spread rather than a random one, so a test, and a drill's error-rate threshold, sees the
 * configured share over any window of requests, not a sample of it.
 */
public final class InjectedErrors {
    private static final InjectedErrors NONE = new InjectedErrors(0);

    private final double rate;
    private final AtomicLong requests = new AtomicLong();

    /** @param rate the share of requests that fail, 0..1 */
    public InjectedErrors(double rate) {
        if (!(rate >= 0 && rate <= 1)) {
            throw new IllegalArgumentException("rate must be in 0..1, got " + rate);
        }
        this.rate = rate;
    }

    /** No injected errors: {@link #wrap} returns the route itself. */
    public static InjectedErrors none() {
        return NONE;
    }

    /** Counts one request and tells whether it fails: the n-th does when {@code floor(n * rate)} just went up. */
    public boolean nextFails() {
        long n = requests.incrementAndGet();
        return Math.floor(n * rate) > Math.floor((n - 1) * rate);
    }

    /** The route, answering 500 {@code injected_fault} on this share of its requests (shared with other wrapped ones). */
    public Route wrap(Route route) {
        if (rate == 0) {
            return route;
        }
        return ex -> {
            if (nextFails()) {
                ex.discardBody();
                throw new ApiException(500, "injected_fault", "APP_FAULT=errors: this release fails "
                        + Math.round(rate * 100) + " % of item requests on purpose (APP_FAULT_ERROR_RATE=" + rate + ")");
            }
            return route.handle(ex);
        };
    }
}
