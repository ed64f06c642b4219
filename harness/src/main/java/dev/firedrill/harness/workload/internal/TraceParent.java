package dev.firedrill.harness.workload.internal;

/**
 * The W3C {@code traceparent} the workload sends with operation {@code n} of a run: version {@code 00}, a trace id
 * derived from the run's seed and the operation's index, a parent id derived from the trace id, flags {@code 01}
 * (sampled). Deriving both keeps runs reproducible (the same seed gives the same ids) and needs no random draw, so
 * the workload's other choices stay what they were. The high half of the trace id depends on the seed only, so
 * every trace of a run shares it; the low half is a bijection of the operation index, so ids never repeat within a
 * run. The history stores the trace id with the operation ({@code Event.trace}).
 */
public record TraceParent(String traceId, String parentId) {
    private static final long GOLDEN = 0x9E3779B97F4A7C15L;

    /** The ids of operation {@code n} of a run seeded with {@code seed}. */
    public static TraceParent of(long seed, long n) {
        long hi = mix(seed ^ 0x66697265_6472696CL); // "firedril"
        long lo = mix(hi + n * GOLDEN);
        if (hi == 0 && lo == 0) {
            lo = 1;
        }
        long parent = mix(lo ^ 0x7370616E_73706E21L);
        return new TraceParent(hex(hi) + hex(lo), hex(parent == 0 ? 1 : parent));
    }

    /** The header value, {@code 00-<trace id>-<parent id>-01}. */
    public String header() {
        return "00-" + traceId + "-" + parentId + "-01";
    }

    /** The header's name. */
    public static final String HEADER = "traceparent";

    /** SplitMix64's finalizer: a bijection on 64 bits that spreads every input bit. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    private static String hex(long v) {
        String h = Long.toHexString(v);
        return "0".repeat(16 - h.length()) + h;
    }
}
