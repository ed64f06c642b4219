package dev.firedrill.harness.backend;

/**
 * One kind of reading a {@link Deployment} offers the sampler, e.g. replica lag from SQL, target health from the
 * load balancer. {@link #sample(Readings)} is called at a fixed interval from one thread; it must not throw for an
 * unreachable source but record the reading as {@code unreachable}.
 */
public interface Probe extends AutoCloseable {
    /** Where readings go: the run's history as {@code sample} events. */
    interface Readings {
        void value(String metric, String target, double value);

        /** A state ({@code healthy}) or why there is no value ({@code unreachable}, {@code unknown}). */
        void state(String metric, String target, String state);
    }

    /** A short name for logs, e.g. {@code replication}. */
    String name();

    void sample(Readings out);

    /** Releases connections; idempotent. */
    @Override
    default void close() {
    }
}
