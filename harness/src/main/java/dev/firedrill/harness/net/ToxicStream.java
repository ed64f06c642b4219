package dev.firedrill.harness.net;

import dev.firedrill.harness.FaultException;
import java.util.Locale;

/**
 * Direction a toxic acts on, in Toxiproxy's vocabulary: {@link #UPSTREAM} is client→server,
 * {@link #DOWNSTREAM} is server→client.
 */
public enum ToxicStream {
    UPSTREAM("upstream"),
    DOWNSTREAM("downstream");

    private final String wireName;

    ToxicStream(String wireName) {
        this.wireName = wireName;
    }

    /** The Toxiproxy JSON spelling: {@code "upstream"} or {@code "downstream"}. */
    public String wireName() {
        return wireName;
    }

    /** Parses the Toxiproxy spelling (case-insensitive); anything else is a {@link FaultException}. */
    public static ToxicStream parse(String text) {
        if (text != null) {
            String t = text.trim().toLowerCase(Locale.ROOT);
            for (ToxicStream s : values()) {
                if (s.wireName.equals(t)) {
                    return s;
                }
            }
        }
        throw new FaultException("toxic stream '" + text
                + "' is invalid: use \"upstream\" (client→server) or \"downstream\" (server→client)");
    }
}
