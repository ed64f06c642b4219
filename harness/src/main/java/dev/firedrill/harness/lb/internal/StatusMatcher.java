package dev.firedrill.harness.lb.internal;

import dev.firedrill.harness.topology.AlbLimits;
import java.util.BitSet;

/**
 * Parsed health-check matcher: comma-separated codes and ranges between 200 and 499, as AWS's
 * {@code Matcher.HttpCode} accepts ("200,202", "200-299"); the syntax is {@link AlbLimits#successCodes}'s.
 */
public final class StatusMatcher {
    private final BitSet codes;
    private final String text;

    private StatusMatcher(BitSet codes, String text) {
        this.codes = codes;
        this.text = text;
    }

    /** Parses {@code text} by AWS's rules ({@link AlbLimits#successCodes}); {@code field} names the setting in the error. */
    public static StatusMatcher parse(String field, String text) {
        return new StatusMatcher(AlbLimits.successCodes(field, text), text);
    }

    public boolean matches(int status) {
        return status >= 0 && status < 500 && codes.get(status);
    }

    @Override
    public String toString() {
        return text;
    }
}
