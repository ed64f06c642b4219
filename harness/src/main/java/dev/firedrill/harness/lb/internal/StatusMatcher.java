package dev.firedrill.harness.lb.internal;

import dev.firedrill.harness.TopologyException;
import java.util.BitSet;

/**
 * Parsed health-check matcher: comma-separated codes and ranges between 200 and 499, as AWS's
 * {@code Matcher.HttpCode} accepts ("200,202", "200-299").
 */
public final class StatusMatcher {
    private final BitSet codes;
    private final String text;

    private StatusMatcher(BitSet codes, String text) {
        this.codes = codes;
        this.text = text;
    }

    /** Parses {@code text}; {@code field} names the setting in the error. */
    public static StatusMatcher parse(String field, String text) {
        if (text == null || text.isBlank()) {
            throw bad(field, text, "is empty");
        }
        BitSet codes = new BitSet(500);
        for (String part : text.split(",", -1)) {
            String p = part.trim();
            int dash = p.indexOf('-');
            int lo;
            int hi;
            try {
                if (dash < 0) {
                    lo = hi = Integer.parseInt(p);
                } else {
                    lo = Integer.parseInt(p.substring(0, dash).trim());
                    hi = Integer.parseInt(p.substring(dash + 1).trim());
                }
            } catch (NumberFormatException e) {
                throw bad(field, text, "has '" + p + "' which is neither a code nor a range");
            }
            if (lo < 200 || hi > 499 || lo > hi) {
                throw bad(field, text, "has '" + p + "'; codes must lie between 200 and 499 and ranges go low-high");
            }
            codes.set(lo, hi + 1);
        }
        return new StatusMatcher(codes, text);
    }

    public boolean matches(int status) {
        return status >= 0 && status < 500 && codes.get(status);
    }

    @Override
    public String toString() {
        return text;
    }

    private static TopologyException bad(String field, String text, String why) {
        return new TopologyException(field, "matcher " + (text == null ? "null" : "'" + text + "'") + " " + why
                + "; use e.g. \"200\", \"200,202\" or \"200-299\"");
    }
}
