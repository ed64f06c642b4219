package dev.firedrill.harness.net;

import dev.firedrill.harness.net.internal.ToxicFactory;
import java.util.Map;

/**
 * A network fault applied by a {@link Link}: an immutable value holding only its parameters,
 * named and shaped as in Toxiproxy (type names, attribute names and units match its JSON API).
 *
 * <p>{@link #toxicity()} is the probability, decided once per connection with the link's seeded
 * random source, that the toxic applies to that connection.
 *
 * <pre>{@code
 * link.addToxic(new LatencyToxic("slow-db", ToxicStream.DOWNSTREAM, 1.0, 300, 0));
 * }</pre>
 */
public sealed interface Toxic
        permits LatencyToxic, BandwidthToxic, TimeoutToxic, ResetPeerToxic, SlowCloseToxic, SlicerToxic,
        LimitDataToxic {

    /** Unique name within a link; Toxiproxy's default is {@code <type>_<stream>}. */
    String name();

    /** Toxiproxy type name, e.g. {@code "latency"}. */
    String type();

    ToxicStream stream();

    /** Probability in [0, 1] that the toxic applies to a given connection. */
    double toxicity();

    /** Type-specific attributes under their Toxiproxy names, in a stable order. */
    Map<String, Object> attributes();

    /**
     * Builds a toxic from its Toxiproxy fields. Missing attributes take Toxiproxy's defaults (0);
     * unknown types, bad streams, bad numbers and unknown attribute names are {@link
     * dev.firedrill.harness.FaultException}s naming the field.
     */
    static Toxic of(String name, String type, ToxicStream stream, double toxicity, Map<String, ?> attributes) {
        return ToxicFactory.create(name, type, stream, toxicity, attributes);
    }

    /** Toxiproxy's default name for a toxic of {@code type} on {@code stream}. */
    static String defaultName(String type, ToxicStream stream) {
        return type + "_" + stream.wireName();
    }
}
