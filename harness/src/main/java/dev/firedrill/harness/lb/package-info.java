/**
 * Application Load Balancer simulator: {@link dev.firedrill.harness.lb.AlbSimulator} started from an
 * {@link dev.firedrill.harness.lb.AlbConfig}, which holds the topology's own settings
 * ({@link dev.firedrill.harness.topology.HealthCheck}, {@link dev.firedrill.harness.topology.RoutingAlgorithm}) checked
 * by {@link dev.firedrill.harness.topology.AlbLimits}. Implementation lives in {@code internal}.
 */
package dev.firedrill.harness.lb;
