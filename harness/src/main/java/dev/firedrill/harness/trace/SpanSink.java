package dev.firedrill.harness.trace;

/** Where finished spans go; the ALB simulator hands its spans to one in-process ({@link TraceCollector} is one). */
@FunctionalInterface
public interface SpanSink {
    /** Takes one finished span; must be cheap and must not throw (it runs on request paths). */
    void accept(Span span);
}
