package dev.firedrill.harness.cli;

/**
 * Where the CLI looks for things. The launcher runs in the caller's directory, so relative paths a user gives
 * ({@code -t FILE}, {@code run FILE}, {@code --report-dir}, {@code --endpoints}) are the caller's; what belongs to
 * the firedrill checkout itself is found through the system property {@code firedrill.root} the launcher sets.
 */
final class CliPaths {
    /**
     * The endpoints file of a running {@code up}, shared by {@code up}, {@code fault} and {@code heal} so they find
     * each other from any directory: {@code <firedrill.root>/target/firedrill/endpoints.json} (picocli
     * interpolates it; without the property, relative to the working directory).
     */
    static final String DEFAULT_ENDPOINTS = "${sys:firedrill.root:-.}/target/firedrill/endpoints.json";

    /** The run journal of the last {@code aws up}, so {@code aws down} finds what it created from any directory. */
    static final String DEFAULT_AWS_JOURNAL = "${sys:firedrill.root:-.}/target/firedrill/aws/journal.json";

    private CliPaths() {
    }
}
