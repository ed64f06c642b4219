/**
 * Application Load Balancer simulator: {@link dev.firedrill.harness.lb.AlbSimulator} started from an
 * {@link dev.firedrill.harness.lb.AlbConfig}. Implementation lives in {@code internal}.
 */
package dev.firedrill.harness.lb;
