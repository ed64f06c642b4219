package dev.firedrill.app.internal.dns;

import java.security.Security;

/**
 * The JVM's DNS cache, shortened for RDS failover. RDS fails over by pointing its endpoint's DNS name at the new
 * writer (TTL 5 s); the JVM caches a successful lookup for 30 s by default (forever under a security manager), so
 * for that long every reconnect would go to the old, now read-only or gone, instance. {@code Main} applies
 * {@code DNS_TTL_SECONDS} (default 5) before the first lookup: the JVM reads these properties once, at its first
 * lookup, so setting them later has no effect (which is why the in-process {@code App.start} does not touch them).
 *
 * <p>The JVM's own setting wins: when {@code networkaddress.cache.ttl} is already a security property (e.g. from
 * {@code -Djava.security.properties=…}) or {@code -Dsun.net.inetaddr.ttl} is given, nothing is changed and the
 * start-up log says so. Failed lookups are cached at most 1 s (the JDK's default is 10 s), unless
 * {@code networkaddress.cache.negative.ttl} was changed from that default.
 */
public final class DnsCacheTtl {
    static final String TTL = "networkaddress.cache.ttl";
    static final String NEGATIVE_TTL = "networkaddress.cache.negative.ttl";
    static final String LEGACY_TTL = "sun.net.inetaddr.ttl";
    /** The value the JDK's {@code java.security} file ships. */
    static final String JDK_NEGATIVE_DEFAULT = "10";
    static final int MAX_NEGATIVE_SECONDS = 1;

    /**
     * What to set; a null field is left as the JVM has it.
     *
     * @param ttlSeconds         for {@code networkaddress.cache.ttl}, or null
     * @param negativeTtlSeconds for {@code networkaddress.cache.negative.ttl}, or null
     * @param description        one line for the start-up log
     */
    public record Decision(Integer ttlSeconds, Integer negativeTtlSeconds, String description) {
    }

    private DnsCacheTtl() {
    }

    /** Decides and sets the security properties; call before anything resolves a host name. */
    public static Decision apply(int dnsTtlSeconds) {
        Decision d = decide(dnsTtlSeconds, Security.getProperty(TTL), System.getProperty(LEGACY_TTL),
                Security.getProperty(NEGATIVE_TTL));
        if (d.ttlSeconds() != null) {
            Security.setProperty(TTL, d.ttlSeconds().toString());
        }
        if (d.negativeTtlSeconds() != null) {
            Security.setProperty(NEGATIVE_TTL, d.negativeTtlSeconds().toString());
        }
        return d;
    }

    static Decision decide(int dnsTtlSeconds, String securityTtl, String legacyTtl, String securityNegativeTtl) {
        boolean negativeUntouched = securityNegativeTtl == null || JDK_NEGATIVE_DEFAULT.equals(securityNegativeTtl.trim());
        Integer negative = negativeUntouched ? Math.min(dnsTtlSeconds, MAX_NEGATIVE_SECONDS) : null;
        if (securityTtl != null) {
            return new Decision(null, null, "DNS cache: the JVM's " + TTL + "=" + securityTtl.trim()
                    + " is kept (DNS_TTL_SECONDS not applied)");
        }
        if (legacyTtl != null) {
            return new Decision(null, null, "DNS cache: -D" + LEGACY_TTL + "=" + legacyTtl.trim()
                    + " is kept (DNS_TTL_SECONDS not applied)");
        }
        return new Decision(dnsTtlSeconds, negative, "DNS cache: lookups kept " + dnsTtlSeconds
                + " s (DNS_TTL_SECONDS), failed ones " + (negative == null
                ? "as " + NEGATIVE_TTL + "=" + securityNegativeTtl.trim() + " says" : negative + " s"));
    }
}
