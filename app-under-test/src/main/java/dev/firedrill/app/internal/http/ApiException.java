package dev.firedrill.app.internal.http;

/**
 * A request that cannot be served, with the status and the {@code {"error","detail"}} body the client gets.
 * Thrown for client mistakes (4xx) and for unavailable dependencies (503); never logged with a stack trace.
 */
public class ApiException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int status;
    private final String error;

    public ApiException(int status, String error, String detail) {
        super(detail, null, false, false);
        this.status = status;
        this.error = error;
    }

    public int status() {
        return status;
    }

    /** A short machine-readable code, e.g. {@code not_found}. */
    public String error() {
        return error;
    }

    /** A sentence a person can act on. */
    public String detail() {
        return getMessage();
    }

    public static ApiException badRequest(String error, String detail) {
        return new ApiException(400, error, detail);
    }

    public static ApiException notFound(String detail) {
        return new ApiException(404, "not_found", detail);
    }
}
