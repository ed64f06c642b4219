package dev.firedrill.harness.report;

import dev.firedrill.harness.net.FlowRecord;
import dev.firedrill.harness.topology.Topology;
import dev.firedrill.harness.trace.Span;
import java.util.List;

/**
 * What a report draws to explain a verdict, beyond the history: the topology itself (the picture), the spans and the
 * flow records of the run's window, and where the history's clock starts on the wall clock.
 *
 * @param topology the topology that ran, or null (a report of a bare history)
 * @param historyZeroEpochNanos the wall-clock epoch nanoseconds of history time 0: a span or flow record at epoch
 *     nanos {@code t} happened at history time {@code t - historyZeroEpochNanos}
 */
public record Evidence(Topology topology, long historyZeroEpochNanos, List<Span> spans, List<FlowRecord> flows) {
    public static final Evidence NONE = new Evidence(null, 0, List.of(), List.of());

    public Evidence {
        spans = spans == null ? List.of() : List.copyOf(spans);
        flows = flows == null ? List.of() : List.copyOf(flows);
    }
}
