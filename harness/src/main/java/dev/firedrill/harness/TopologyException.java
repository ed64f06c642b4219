package dev.firedrill.harness;

/** A topology (YAML or builder) is invalid: {@link #path()} names the offending field. */
public class TopologyException extends FiredrillException {
    private static final long serialVersionUID = 1L;
    private final String path;

    public TopologyException(String path, String message) {
        super(path == null || path.isEmpty() ? message : path + ": " + message);
        this.path = path;
    }

    public TopologyException(String path, String message, Throwable cause) {
        super(path == null || path.isEmpty() ? message : path + ": " + message, cause);
        this.path = path;
    }

    /** The field path, e.g. {@code loadBalancer.healthCheck.interval}, or empty. */
    public String path() {
        return path == null ? "" : path;
    }
}
