package dev.firedrill.harness.fleet;

import dev.firedrill.harness.topology.Durations;
import java.time.Duration;
import java.util.Objects;

/**
 * A deployment to run: which release, how, and when to give up on it. Durations are AWS time (× timeScale at run
 * time). Immutable; {@link #of(DeployStrategy, String)} gives AWS's defaults, the {@code with…} methods copies.
 *
 * <p>Defaults: minimum healthy 90 % (EC2 Auto Scaling instance refresh's default), batch size as large as that
 * allows and at least 1; canary 10 % for a 5-minute bake (CodeDeploy's {@code Canary10Percent5Minutes}); blue/green
 * keeps the old group for a 5-minute bake; a release is rolled back when more than 5 % of its requests (after the
 * first 20) get a 5xx, when its p99 latency crosses {@code maxP99} (none by default), or when an instance is not
 * healthy within the health timeout (300 s, the instance refresh's default warm-up).
 *
 * <pre>{@code
 * DeploySpec spec = DeploySpec.of(DeployStrategy.ROLLING, "v2").withBatchSize("1").withMinHealthyPercent(66);
 * }</pre>
 *
 * @param batchSize     instances per batch ("1") or a share of the capacity ("34%"); null = as many as
 *                      {@code minHealthyPercent} allows
 * @param canaryPercent share of requests the canary gets (canary only), 1..99
 * @param rollback      false: never roll back automatically (the deployment reports what it saw and goes on)
 * @param shiftSteps    blue/green and canary: the final switch moves the listener's weights in this many equal steps
 *                      (1 = all at once; 4 = 25, 50, 75, 100 %, as CodeDeploy's linear configurations), each held for
 *                      {@code shiftInterval} and watched; a cold group then warms up on a share of the traffic
 * @param shiftInterval how long each shift step is held (AWS time; default 1 minute, as Linear10PercentEvery1Minute)
 */
public record DeploySpec(DeployStrategy strategy, String release, String batchSize, int minHealthyPercent,
                         Duration bakeTime, int canaryPercent, double maxErrorRate, Duration maxP99,
                         int minRequests, Duration healthTimeout, boolean rollback, int shiftSteps,
                         Duration shiftInterval) {
    public static final int AWS_DEFAULT_MIN_HEALTHY_PERCENT = 90;
    public static final Duration DEFAULT_BAKE = Duration.ofMinutes(5);
    public static final Duration DEFAULT_HEALTH_TIMEOUT = Duration.ofSeconds(300);

    public DeploySpec {
        Objects.requireNonNull(strategy, "strategy");
        if (release == null || release.isBlank()) {
            throw new DeployException("a deployment needs a release (--version), e.g. v2");
        }
        if (batchSize != null) {
            parseBatch(batchSize);
        }
        if (minHealthyPercent < 0 || minHealthyPercent > 100) {
            throw new DeployException("minimum healthy percentage must be 0..100, got " + minHealthyPercent);
        }
        requireNonNegative("bake time", bakeTime);
        if (canaryPercent < 1 || canaryPercent > 99) {
            throw new DeployException("canary percentage must be 1..99, got " + canaryPercent);
        }
        if (!(maxErrorRate >= 0 && maxErrorRate <= 1)) {
            throw new DeployException("maximum error rate must be a fraction 0..1 (0.05 = 5 %), got " + maxErrorRate);
        }
        if (maxP99 != null && (maxP99.isNegative() || maxP99.isZero())) {
            throw new DeployException("maximum p99 must be > 0, got " + Durations.format(maxP99));
        }
        if (minRequests < 1) {
            throw new DeployException("minimum requests before judging must be ≥ 1, got " + minRequests);
        }
        requireNonNegative("health timeout", healthTimeout);
        if (healthTimeout.isZero()) {
            throw new DeployException("health timeout must be > 0");
        }
        if (shiftSteps < 1 || shiftSteps > 100) {
            throw new DeployException("shift steps must be 1..100 (1 = switch at once), got " + shiftSteps);
        }
        requireNonNegative("shift interval", shiftInterval);
    }

    public static DeploySpec of(DeployStrategy strategy, String release) {
        return new DeploySpec(strategy, release, null, AWS_DEFAULT_MIN_HEALTHY_PERCENT, DEFAULT_BAKE, 10, 0.05, null,
                20, DEFAULT_HEALTH_TIMEOUT, true, 1, Duration.ofMinutes(1));
    }

    private static void requireNonNegative(String what, Duration d) {
        Objects.requireNonNull(d, what);
        if (d.isNegative()) {
            throw new DeployException(what + " must be ≥ 0, got " + Durations.format(d));
        }
    }

    /**
     * The batch size for a fleet of {@code capacity}: the given count or share (rounded up, at least 1), never more
     * than {@code minHealthyPercent} leaves room for (but at least 1 so the deployment can progress).
     */
    public int batchFor(int capacity) {
        int room = capacity - (int) Math.ceil(capacity * minHealthyPercent / 100.0);
        int wanted = batchSize == null ? Integer.MAX_VALUE : parseBatch(batchSize).apply(capacity);
        return Math.max(1, Math.min(Math.max(room, 1), Math.min(wanted, Math.max(capacity, 1))));
    }

    private interface Batch {
        int apply(int capacity);
    }

    private static Batch parseBatch(String s) {
        String t = s.trim();
        try {
            if (t.endsWith("%")) {
                double p = Double.parseDouble(t.substring(0, t.length() - 1));
                if (!(p > 0 && p <= 100)) {
                    throw new DeployException("batch size " + s + " must be a share in (0 %, 100 %], e.g. 34%");
                }
                return c -> Math.max(1, (int) Math.ceil(c * p / 100));
            }
            int n = Integer.parseInt(t);
            if (n < 1) {
                throw new DeployException("batch size must be ≥ 1 instance (or a share like 34%), got " + s);
            }
            return c -> n;
        } catch (NumberFormatException e) {
            throw new DeployException("batch size '" + s + "' is neither a count (1, 2) nor a share (34%)");
        }
    }

    public DeploySpec withBatchSize(String b) {
        return new DeploySpec(strategy, release, b, minHealthyPercent, bakeTime, canaryPercent, maxErrorRate, maxP99,
                minRequests, healthTimeout, rollback, shiftSteps, shiftInterval);
    }

    public DeploySpec withMinHealthyPercent(int p) {
        return new DeploySpec(strategy, release, batchSize, p, bakeTime, canaryPercent, maxErrorRate, maxP99,
                minRequests, healthTimeout, rollback, shiftSteps, shiftInterval);
    }

    public DeploySpec withBakeTime(Duration d) {
        return new DeploySpec(strategy, release, batchSize, minHealthyPercent, d, canaryPercent, maxErrorRate, maxP99,
                minRequests, healthTimeout, rollback, shiftSteps, shiftInterval);
    }

    public DeploySpec withCanaryPercent(int p) {
        return new DeploySpec(strategy, release, batchSize, minHealthyPercent, bakeTime, p, maxErrorRate, maxP99,
                minRequests, healthTimeout, rollback, shiftSteps, shiftInterval);
    }

    public DeploySpec withMaxErrorRate(double r) {
        return new DeploySpec(strategy, release, batchSize, minHealthyPercent, bakeTime, canaryPercent, r, maxP99,
                minRequests, healthTimeout, rollback, shiftSteps, shiftInterval);
    }

    public DeploySpec withMaxP99(Duration d) {
        return new DeploySpec(strategy, release, batchSize, minHealthyPercent, bakeTime, canaryPercent, maxErrorRate, d,
                minRequests, healthTimeout, rollback, shiftSteps, shiftInterval);
    }

    public DeploySpec withMinRequests(int n) {
        return new DeploySpec(strategy, release, batchSize, minHealthyPercent, bakeTime, canaryPercent, maxErrorRate,
                maxP99, n, healthTimeout, rollback, shiftSteps, shiftInterval);
    }

    public DeploySpec withHealthTimeout(Duration d) {
        return new DeploySpec(strategy, release, batchSize, minHealthyPercent, bakeTime, canaryPercent, maxErrorRate,
                maxP99, minRequests, d, rollback, shiftSteps, shiftInterval);
    }

    public DeploySpec withRollback(boolean r) {
        return new DeploySpec(strategy, release, batchSize, minHealthyPercent, bakeTime, canaryPercent, maxErrorRate,
                maxP99, minRequests, healthTimeout, r, shiftSteps, shiftInterval);
    }

    public DeploySpec withShift(int steps, Duration interval) {
        return new DeploySpec(strategy, release, batchSize, minHealthyPercent, bakeTime, canaryPercent, maxErrorRate,
                maxP99, minRequests, healthTimeout, rollback, steps, interval);
    }

    /** "rolling v2 (batch 1, min healthy 66 %)" for logs and reports. */
    public String describe() {
        return strategy.id() + " " + release + switch (strategy) {
            case ROLLING -> " (batch " + (batchSize == null ? "auto" : batchSize) + ", min healthy " + minHealthyPercent
                    + " %)";
            case BLUE_GREEN -> " (bake " + Durations.format(bakeTime) + ")";
            case CANARY -> " (" + canaryPercent + " % for " + Durations.format(bakeTime) + ")";
        };
    }
}
