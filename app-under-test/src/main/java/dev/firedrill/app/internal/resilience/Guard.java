package dev.firedrill.app.internal.resilience;

import dev.firedrill.app.internal.http.ApiException;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.retry.Retry;
import java.util.concurrent.Callable;

/**
 * Calls into one dependency through its circuit breaker; {@link #read} also retries (idempotent calls only).
 * Client mistakes ({@link ApiException} other than 503) pass through and never count as failures.
 */
public final class Guard {
    private final String dependency;
    private final CircuitBreaker breaker;
    private final Retry retry;

    public Guard(String dependency, CircuitBreaker breaker, Retry retry) {
        this.dependency = dependency;
        this.breaker = breaker;
        this.retry = retry;
    }

    public String dependency() {
        return dependency;
    }

    public CircuitBreaker breaker() {
        return breaker;
    }

    /** A non-idempotent call: breaker only, no retry. */
    public <T> T write(Callable<T> call) {
        return run(CircuitBreaker.decorateCallable(breaker, call));
    }

    /** An idempotent call: bounded retries with jitter around the breaker. */
    public <T> T read(Callable<T> call) {
        Callable<T> guarded = CircuitBreaker.decorateCallable(breaker, call);
        return run(retry == null ? guarded : Retry.decorateCallable(retry, guarded));
    }

    private <T> T run(Callable<T> call) {
        try {
            return call.call();
        } catch (ApiException e) {
            throw e;
        } catch (CallNotPermittedException e) {
            throw new DependencyUnavailableException(dependency, "dependency_unavailable",
                    "circuit breaker is " + breaker.getState() + " after repeated failures; retry later");
        } catch (Exception e) {
            throw new DependencyUnavailableException(dependency, "dependency_unavailable", describe(e));
        }
    }

    static String describe(Throwable e) {
        StringBuilder b = new StringBuilder(e.getClass().getSimpleName());
        if (e.getMessage() != null) {
            b.append(": ").append(e.getMessage());
        }
        Throwable cause = e.getCause();
        if (cause != null && cause != e && cause.getMessage() != null) {
            b.append(" (").append(cause.getClass().getSimpleName()).append(": ").append(cause.getMessage()).append(')');
        }
        return b.length() > 300 ? b.substring(0, 300) : b.toString();
    }
}
