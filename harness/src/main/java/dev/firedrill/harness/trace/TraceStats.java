package dev.firedrill.harness.trace;

/**
 * What a {@link TraceCollector} did with the spans it was given, counted in spans.
 *
 * @param received   every span that arrived (OTLP or in-process)
 * @param kept       spans of kept traces
 * @param sampledOut spans of traces the tail sampler let go (neither failed nor slow, outside the fraction)
 * @param dropped    spans refused because {@link TailSampling#maxSpans()} were already held (the spans of an
 *                   unreadable OTLP request are not counted: see {@code rejectedRequests})
 * @param pending    spans of traces not decided yet
 * @param rejectedRequests OTLP requests answered 4xx (unreadable body, wrong content type, too large)
 */
public record TraceStats(long received, long kept, long sampledOut, long dropped, long pending, long rejectedRequests) {
}
