package dev.firedrill.harness.net.internal;

import dev.firedrill.harness.FaultException;
import dev.firedrill.harness.net.BandwidthToxic;
import dev.firedrill.harness.net.LatencyToxic;
import dev.firedrill.harness.net.LimitDataToxic;
import dev.firedrill.harness.net.ResetPeerToxic;
import dev.firedrill.harness.net.SlicerToxic;
import dev.firedrill.harness.net.SlowCloseToxic;
import dev.firedrill.harness.net.TimeoutToxic;
import dev.firedrill.harness.net.Toxic;
import dev.firedrill.harness.net.ToxicStream;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Builds toxic records from Toxiproxy's loosely typed fields (API JSON, CLI attributes). */
public final class ToxicFactory {
    /** Toxiproxy type names this implementation supports. */
    public static final List<String> TYPES = List.of(LatencyToxic.TYPE, BandwidthToxic.TYPE, TimeoutToxic.TYPE,
            ResetPeerToxic.TYPE, SlowCloseToxic.TYPE, SlicerToxic.TYPE, LimitDataToxic.TYPE);

    private ToxicFactory() {
    }

    public static Toxic create(String name, String type, ToxicStream stream, double toxicity, Map<String, ?> attrs) {
        if (type == null) {
            throw new FaultException("toxic type is missing: use one of " + TYPES);
        }
        Map<String, ?> a = attrs == null ? Map.of() : attrs;
        String label = name == null || name.isBlank() ? type : name;
        switch (type) {
            case LatencyToxic.TYPE:
                allow(a, label, "latency", "jitter");
                return new LatencyToxic(name, stream, toxicity, num(a, "latency", label), num(a, "jitter", label));
            case BandwidthToxic.TYPE:
                allow(a, label, "rate");
                return new BandwidthToxic(name, stream, toxicity, num(a, "rate", label));
            case TimeoutToxic.TYPE:
                allow(a, label, "timeout");
                return new TimeoutToxic(name, stream, toxicity, num(a, "timeout", label));
            case ResetPeerToxic.TYPE:
                allow(a, label, "timeout");
                return new ResetPeerToxic(name, stream, toxicity, num(a, "timeout", label));
            case SlowCloseToxic.TYPE:
                allow(a, label, "delay");
                return new SlowCloseToxic(name, stream, toxicity, num(a, "delay", label));
            case SlicerToxic.TYPE:
                allow(a, label, "average_size", "size_variation", "delay");
                return new SlicerToxic(name, stream, toxicity, num(a, "average_size", label),
                        num(a, "size_variation", label), num(a, "delay", label));
            case LimitDataToxic.TYPE:
                allow(a, label, "bytes");
                return new LimitDataToxic(name, stream, toxicity, num(a, "bytes", label));
            default:
                throw new FaultException("invalid toxic type '" + type + "': use one of " + TYPES);
        }
    }

    private static void allow(Map<String, ?> attrs, String label, String... names) {
        Set<String> known = Set.of(names);
        for (String key : attrs.keySet()) {
            if (!known.contains(key)) {
                throw new FaultException("toxic '" + label + "': unknown attribute '" + key + "'; allowed: "
                        + List.of(names));
            }
        }
    }

    private static long num(Map<String, ?> attrs, String field, String label) {
        Object v = attrs.get(field);
        if (v == null) {
            return 0;
        }
        if (v instanceof Number n) {
            double d = n.doubleValue();
            if (d != Math.rint(d) || Double.isInfinite(d)) {
                throw new FaultException("toxic '" + label + "': " + field + " = " + v + " must be a whole number");
            }
            return n.longValue();
        }
        try {
            return Long.parseLong(v.toString().trim());
        } catch (NumberFormatException e) {
            throw new FaultException("toxic '" + label + "': " + field + " = '" + v + "' is not a whole number");
        }
    }
}
