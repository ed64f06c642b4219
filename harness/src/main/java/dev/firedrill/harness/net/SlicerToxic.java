package dev.firedrill.harness.net;

import static dev.firedrill.harness.net.internal.ToxicChecks.checkName;
import static dev.firedrill.harness.net.internal.ToxicChecks.checkNonNegative;
import static dev.firedrill.harness.net.internal.ToxicChecks.checkPositive;
import static dev.firedrill.harness.net.internal.ToxicChecks.checkToxicity;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Slices data into pieces of {@code average_size} ± {@code size_variation} bytes with {@code delay} microseconds between them; every byte still arrives (Toxiproxy {@code slicer}).
 */
public record SlicerToxic(String name, ToxicStream stream, double toxicity, long averageSize, long sizeVariation, long delay) implements Toxic {
    /** Toxiproxy type name. */
    public static final String TYPE = "slicer";

    public SlicerToxic {
        name = checkName(name, TYPE, stream);
        checkToxicity(toxicity, name);
        checkPositive(averageSize, "average_size", name, "bytes");
        checkNonNegative(sizeVariation, "size_variation", name, "bytes");
        checkNonNegative(delay, "delay", name, "microseconds");
        if (sizeVariation >= averageSize) {
            throw new dev.firedrill.harness.FaultException("toxic '" + name + "': size_variation (" + sizeVariation
                    + ") must be smaller than average_size (" + averageSize + ")");
        }
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public Map<String, Object> attributes() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("average_size", averageSize);
        m.put("size_variation", sizeVariation);
        m.put("delay", delay);
        return m;
    }
}
