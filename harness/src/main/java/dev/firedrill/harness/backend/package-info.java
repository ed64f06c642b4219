/**
 * The backend contract. A {@link dev.firedrill.harness.backend.Backend} (looked up by name through
 * {@code Backends}, a {@link java.util.ServiceLoader} registry) deploys a
 * {@link dev.firedrill.harness.topology.Topology} and returns a {@link dev.firedrill.harness.backend.Deployment},
 * the seam every scenario runner, sampler, JUnit extension and CLI command uses: its
 * {@link dev.firedrill.harness.fault.FaultInjector}, its probes (replica lag, target health, queue depth) and its
 * final-phase settling. Where the stack is reachable is {@link dev.firedrill.harness.backend.Endpoints} (written
 * as {@code endpoints.json} by {@link dev.firedrill.harness.backend.EndpointsJson}, one
 * {@link dev.firedrill.harness.backend.ComponentInfo} per running component). {@code embedded}
 * ({@code backend.embedded}) is the first implementation.
 */
package dev.firedrill.harness.backend;
