package dev.firedrill.app.internal.resilience;

import dev.firedrill.app.internal.http.ApiException;

/** A dependency failed, timed out or its breaker is open: the client gets 503 naming the dependency. */
public final class DependencyUnavailableException extends ApiException {
    private static final long serialVersionUID = 1L;
    private final String dependency;

    public DependencyUnavailableException(String dependency, String error, String detail) {
        super(503, error, dependency + ": " + detail);
        this.dependency = dependency;
    }

    public String dependency() {
        return dependency;
    }
}
