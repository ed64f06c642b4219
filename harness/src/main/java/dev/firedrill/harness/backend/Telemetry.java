package dev.firedrill.harness.backend;

import dev.firedrill.harness.net.FlowRecord;
import dev.firedrill.harness.trace.Span;
import java.util.List;

/**
 * What a deployment saw of its own traffic: the spans its components exported (and the ALB's), and a flow record
 * per connection through its links. The scenario runner reads both once the run is over and keeps those of the
 * run's window with its history and report.
 */
public interface Telemetry {
    /** A deployment that records nothing. */
    Telemetry NONE = new Telemetry() {
    };

    /** The spans kept (after sampling) whose start is at or after {@code sinceEpochNanos}. */
    default List<Span> spans(long sinceEpochNanos) {
        return List.of();
    }

    /** The flow records of connections that ended at or after {@code sinceEpochNanos}, and of those still open. */
    default List<FlowRecord> flows(long sinceEpochNanos) {
        return List.of();
    }
}
