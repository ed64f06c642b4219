package dev.firedrill.harness.fault;

import java.util.List;

/** The result of checking a topology after heals: links clear, replicas streaming, targets healthy. */
public record HealthReport(boolean healthy, List<String> checks, List<String> problems) {
    public HealthReport {
        checks = List.copyOf(checks);
        problems = List.copyOf(problems);
    }

    @Override
    public String toString() {
        return (healthy ? "healthy: " : "NOT healthy: ") + String.join("; ", healthy ? checks : problems);
    }
}
