package dev.firedrill.harness.net.internal;

import dev.firedrill.harness.FaultException;
import dev.firedrill.harness.net.Toxic;
import dev.firedrill.harness.net.ToxicStream;

/** Validation shared by the toxic records; messages name the toxic, the field, the value and the fix. */
public final class ToxicChecks {
    private ToxicChecks() {
    }

    /** Returns the name to use: the given one, or Toxiproxy's default {@code <type>_<stream>}. */
    public static String checkName(String name, String type, ToxicStream stream) {
        if (stream == null) {
            throw new FaultException("toxic '" + (name == null ? type : name)
                    + "': stream is missing: use ToxicStream.UPSTREAM or ToxicStream.DOWNSTREAM");
        }
        if (name == null || name.isBlank()) {
            return Toxic.defaultName(type, stream);
        }
        if (name.contains("/")) {
            throw new FaultException("toxic name '" + name + "' must not contain '/' (it is used in API paths)");
        }
        return name;
    }

    public static void checkToxicity(double toxicity, String name) {
        if (!(toxicity >= 0.0 && toxicity <= 1.0)) {
            throw new FaultException("toxic '" + name + "': toxicity " + toxicity
                    + " is outside [0, 1]; it is the probability that a connection is affected (1 = every connection)");
        }
    }

    public static void checkNonNegative(long value, String field, String name, String unit) {
        if (value < 0) {
            throw new FaultException("toxic '" + name + "': " + field + " = " + value + " is negative; give " + unit
                    + " ≥ 0");
        }
    }

    public static void checkPositive(long value, String field, String name, String unit) {
        if (value <= 0) {
            throw new FaultException("toxic '" + name + "': " + field + " = " + value + " must be > 0 " + unit);
        }
    }
}
