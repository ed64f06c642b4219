package dev.firedrill.harness.trace;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One span of a distributed trace, as the harness keeps it (from OTLP, or made by the ALB simulator itself): ids in
 * lowercase hex as in W3C {@code traceparent}, times in wall-clock epoch nanoseconds (the report maps them onto
 * the history's clock with {@link dev.firedrill.harness.report.Evidence#historyZeroEpochNanos()}).
 *
 * @param parentSpanId null for a root span
 * @param service the resource's {@code service.name}, e.g. {@code alb}, {@code app-under-test}
 * @param instance the resource's {@code service.instance.id} (on firedrill stacks the component name, e.g.
 *     {@code app-2}), or null
 * @param error the span's status is ERROR
 * @param status the status message, or null
 * @param links spans this one is linked to (a worker's job span links to the request that enqueued it)
 */
public record Span(String traceId, String spanId, String parentSpanId, String name, Kind kind, String service,
                   String instance, long startEpochNanos, long endEpochNanos, boolean error, String status,
                   Map<String, String> attributes, List<Link> links) {
    public enum Kind { SERVER, CLIENT, INTERNAL, PRODUCER, CONSUMER }

    /** A link to another span. */
    public record Link(String traceId, String spanId) {
    }

    public Span {
        Objects.requireNonNull(traceId, "traceId");
        Objects.requireNonNull(spanId, "spanId");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
        links = links == null ? List.of() : List.copyOf(links);
    }

    public long durationNanos() {
        return endEpochNanos - startEpochNanos;
    }
}
