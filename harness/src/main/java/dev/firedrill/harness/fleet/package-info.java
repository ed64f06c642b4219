/**
 * The fleet as an EC2 Auto Scaling group behind the load balancer, and deployments of new releases to it.
 *
 * <p>{@link dev.firedrill.harness.fleet.FleetManager} runs the group (replaces unhealthy instances, keeps the desired
 * capacity spread over AZs, follows a target-tracking policy) and {@linkplain
 * dev.firedrill.harness.fleet.FleetManager#deploy deploys} releases rolling, blue/green or canary, rolling back a
 * release that fails its health checks or crosses an error-rate or latency threshold. It acts only through
 * {@link dev.firedrill.harness.fleet.FleetControl}, the ability a backend offers; every launch, termination,
 * scaling decision and deployment step is a {@link dev.firedrill.harness.fleet.FleetEvent}.
 */
package dev.firedrill.harness.fleet;
