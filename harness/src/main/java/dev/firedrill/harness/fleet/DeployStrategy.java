package dev.firedrill.harness.fleet;

import java.util.Locale;

/** How a release reaches the fleet. */
public enum DeployStrategy {
    /**
     * In batches, as an Auto Scaling instance refresh: each batch's targets are deregistered and drain, the instances
     * are replaced, and the new ones are healthy before the next batch. At least {@code minHealthyPercent} of the
     * capacity keeps serving throughout.
     */
    ROLLING,
    /**
     * A second target group with the new release at full capacity; once all of it is healthy the listener is switched
     * to it, and the old group is kept (for a rollback) until the bake time has passed.
     */
    BLUE_GREEN,
    /** Blue/green where the listener first sends {@code canaryPercent} of requests to the new group for the bake time. */
    CANARY;

    public String id() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** Parses rolling, blue-green (blue_green, bluegreen) or canary. */
    public static DeployStrategy parse(String s) {
        String n = s.trim().toLowerCase(Locale.ROOT).replace('_', '-');
        for (DeployStrategy d : values()) {
            if (d.id().equals(n) || d.id().replace("-", "").equals(n)) {
                return d;
            }
        }
        throw new DeployException("unknown strategy '" + s + "'; use rolling, blue-green or canary");
    }
}
