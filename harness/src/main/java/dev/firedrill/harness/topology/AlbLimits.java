package dev.firedrill.harness.topology;

import dev.firedrill.harness.TopologyException;
import java.time.Duration;
import java.util.BitSet;

/**
 * AWS's limits on an Application Load Balancer's settings, in one place: the topology validator (YAML and
 * builder) and the ALB simulator ({@link dev.firedrill.harness.lb.AlbConfig}) both check through here, each
 * naming the fields as its user wrote them ({@link Paths}). Every value is in AWS time, before
 * {@link Topology#timeScale()}.
 *
 * <p>Sources, Elastic Load Balancing User Guide for Application Load Balancers:
 * <ul>
 *   <li>"Health checks for Application Load Balancer target groups", table "Health check settings": path starts
 *   with '/'; interval 5–300 s (default 30); timeout 2–120 s (default 5) and less than the interval; healthy
 *   threshold 2–10 (default 5); unhealthy threshold 2–10 (default 2); success codes ({@code Matcher.HttpCode})
 *   200–499 as codes and ranges, e.g. {@code 200,202} or {@code 200-299} (default 200);</li>
 *   <li>"Target group attributes" / "Deregistration delay": 0–3600 s (default 300);</li>
 *   <li>"Load balancer attributes" / "Connection idle timeout": 1–4000 s (default 60);</li>
 *   <li>{@code load_balancing.algorithm.type}: {@code round_robin} (default) or {@code least_outstanding_requests}
 *   ({@link RoutingAlgorithm}).</li>
 * </ul>
 */
public final class AlbLimits {
    public static final long INTERVAL_MIN_S = 5;
    public static final long INTERVAL_MAX_S = 300;
    public static final long TIMEOUT_MIN_S = 2;
    public static final long TIMEOUT_MAX_S = 120;
    public static final int THRESHOLD_MIN = 2;
    public static final int THRESHOLD_MAX = 10;
    public static final int SUCCESS_CODE_MIN = 200;
    public static final int SUCCESS_CODE_MAX = 499;
    public static final long DEREGISTRATION_DELAY_MIN_S = 0;
    public static final long DEREGISTRATION_DELAY_MAX_S = 3600;
    public static final long IDLE_TIMEOUT_MIN_S = 1;
    public static final long IDLE_TIMEOUT_MAX_S = 4000;

    private static final String MATCHER_EXAMPLES = "write e.g. \"200\", \"200,202\" or \"200-299\"";

    /**
     * How errors name each setting: as in a topology file ({@link #TOPOLOGY}) or as in the simulator's
     * {@code AlbConfig} builder ({@link #SIMULATOR}).
     */
    public record Paths(String healthCheck, String deregistrationDelay, String idleTimeout, String algorithm,
                        String listenPort, String timeScale) {
        /** The YAML paths of a topology file (see {@link TopologyYaml}). */
        public static final Paths TOPOLOGY = new Paths("loadBalancer.targetGroup.healthCheck",
                "loadBalancer.targetGroup.deregistrationDelay", "loadBalancer.idleTimeout",
                "loadBalancer.targetGroup.algorithm", "loadBalancer.listenerPort", "timeScale");
        /** The names of {@code AlbConfig}'s builder. */
        public static final Paths SIMULATOR = new Paths("alb.healthCheck", "alb.deregistrationDelay",
                "alb.targetTimeout", "alb.algorithm", "alb.listenPort", "alb.timeScale");
    }

    private AlbLimits() {
    }

    /** Checks a load balancer's health check, deregistration delay, idle timeout and algorithm. */
    public static void check(LoadBalancer lb, Paths paths) {
        check(lb.healthCheck(), lb.deregistrationDelay(), lb.idleTimeout(), lb.algorithm(), paths);
    }

    /** Checks each setting against AWS's range; the error names {@code paths}' field, the value and the range. */
    public static void check(HealthCheck hc, Duration deregistrationDelay, Duration idleTimeout,
                             RoutingAlgorithm algorithm, Paths paths) {
        healthCheck(paths.healthCheck(), hc);
        seconds(paths.deregistrationDelay(), deregistrationDelay, DEREGISTRATION_DELAY_MIN_S,
                DEREGISTRATION_DELAY_MAX_S);
        seconds(paths.idleTimeout(), idleTimeout, IDLE_TIMEOUT_MIN_S, IDLE_TIMEOUT_MAX_S);
        if (algorithm == null) {
            throw new TopologyException(paths.algorithm(), "must be " + RoutingAlgorithm.ROUND_ROBIN.id() + " or "
                    + RoutingAlgorithm.LEAST_OUTSTANDING_REQUESTS.id());
        }
    }

    /** Checks a health check; {@code prefix} names it, e.g. {@code loadBalancer.targetGroup.healthCheck}. */
    public static void healthCheck(String prefix, HealthCheck hc) {
        if (hc == null) {
            throw new TopologyException(prefix, "is required");
        }
        String p = prefix + ".";
        if (hc.path() == null || !hc.path().startsWith("/")) {
            throw new TopologyException(p + "path", "must start with '/' (got " + quote(hc.path())
                    + "), e.g. /health");
        }
        seconds(p + "interval", hc.interval(), INTERVAL_MIN_S, INTERVAL_MAX_S);
        seconds(p + "timeout", hc.timeout(), TIMEOUT_MIN_S, TIMEOUT_MAX_S);
        if (hc.timeout().compareTo(hc.interval()) >= 0) {
            throw new TopologyException(p + "timeout", "must be less than the interval, as AWS requires (got timeout "
                    + Durations.format(hc.timeout()) + ", interval " + Durations.format(hc.interval())
                    + "); lower the timeout or raise the interval");
        }
        threshold(p + "healthyThreshold", hc.healthyThreshold());
        threshold(p + "unhealthyThreshold", hc.unhealthyThreshold());
        successCodes(p + "matcher", hc.matcher());
    }

    /**
     * Parses a success-code matcher: comma-separated codes and low-high ranges between 200 and 499, spaces
     * around them allowed. Returns the set of matching codes.
     */
    public static BitSet successCodes(String field, String matcher) {
        if (matcher == null || matcher.isBlank()) {
            throw badMatcher(field, matcher, "is empty");
        }
        BitSet codes = new BitSet(SUCCESS_CODE_MAX + 1);
        for (String part : matcher.split(",", -1)) {
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
                throw badMatcher(field, matcher, "has '" + p + "', which is neither a code nor a range");
            }
            if (lo < SUCCESS_CODE_MIN || hi > SUCCESS_CODE_MAX) {
                throw badMatcher(field, matcher, "has '" + p + "': HTTP codes must be between " + SUCCESS_CODE_MIN
                        + " and " + SUCCESS_CODE_MAX + ", as AWS allows");
            }
            if (lo > hi) {
                throw badMatcher(field, matcher, "has '" + p + "': a range goes low-high, e.g. " + hi + "-" + lo);
            }
            codes.set(lo, hi + 1);
        }
        return codes;
    }

    private static void threshold(String field, int v) {
        if (v < THRESHOLD_MIN || v > THRESHOLD_MAX) {
            throw new TopologyException(field, "must be between " + THRESHOLD_MIN + " and " + THRESHOLD_MAX
                    + ", as AWS allows (got " + v + ")");
        }
    }

    private static void seconds(String field, Duration d, long minSeconds, long maxSeconds) {
        if (d == null) {
            throw new TopologyException(field, "is required");
        }
        if (d.compareTo(Duration.ofSeconds(minSeconds)) < 0 || d.compareTo(Duration.ofSeconds(maxSeconds)) > 0) {
            throw new TopologyException(field, "must be between " + minSeconds + "s and " + maxSeconds
                    + "s, as AWS allows (got " + Durations.format(d) + "); keep AWS values and lower timeScale to "
                    + "rehearse faster");
        }
    }

    private static TopologyException badMatcher(String field, String text, String why) {
        return new TopologyException(field, "matcher " + quote(text) + " " + why + "; " + MATCHER_EXAMPLES);
    }

    private static String quote(String s) {
        return s == null ? "null" : "'" + s + "'";
    }
}
