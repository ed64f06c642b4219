package dev.firedrill.harness.net.internal;

/** An API failure with Toxiproxy's status code and message ({@code {"error": .., "status": ..}}). */
final class ApiError extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final int status;

    ApiError(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    static ApiError notFound(String what, String name) {
        return new ApiError(404, what + " not found: '" + name + "'");
    }
}
