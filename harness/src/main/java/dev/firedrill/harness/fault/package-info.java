/**
 * Faults and their execution contract. {@link dev.firedrill.harness.fault.Fault} says what and where (written on
 * the command line or in a scenario file as a {@link dev.firedrill.harness.fault.FaultSpec}, instances chosen by
 * a {@link dev.firedrill.harness.fault.Selector}); {@code FaultPlanner} resolves a fault against the topology's
 * current components and edges and the run's seeded random source into primitive {@code FaultAction}s; a backend
 * declares which action kinds it can execute and {@link dev.firedrill.harness.fault.FaultInjector#check} refuses
 * the rest before a run starts. An injected fault is an {@link dev.firedrill.harness.fault.ActiveFault} with its
 * heal; every step of its life is a {@link dev.firedrill.harness.fault.FaultEvent} given to
 * {@link dev.firedrill.harness.fault.FaultListener}s (the history recorder is one).
 * {@link dev.firedrill.harness.fault.FaultApiHandler} is the HTTP API the CLI's {@code fault} and {@code heal} use.
 */
package dev.firedrill.harness.fault;
