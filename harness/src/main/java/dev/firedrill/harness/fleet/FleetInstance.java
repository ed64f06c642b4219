package dev.firedrill.harness.fleet;

/**
 * One instance of the fleet as the group sees it.
 *
 * @param id          e.g. {@code app-4}
 * @param release     the version it runs ({@code APP_VERSION})
 * @param targetGroup the load balancer's target group it is registered in
 * @param launchedNanos {@link System#nanoTime()} at launch
 */
public record FleetInstance(String id, String az, String subnet, String release, String targetGroup,
                            long launchedNanos) {
}
