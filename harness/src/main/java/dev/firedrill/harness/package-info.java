/**
 * firedrill's harness library: the topology model, backends, links, ALB simulator, faults, workload, history,
 * checkers, scenarios, reports, the JUnit extension and the CLI, each in its own subpackage. This package holds
 * only the exceptions they share: {@link dev.firedrill.harness.FiredrillException} is the root of every unchecked
 * error a user can act on (what was wrong, where, how to fix it; the CLI prints its message without a stack trace
 * and exits 2), with {@link dev.firedrill.harness.TopologyException} (an invalid topology, naming the field),
 * {@link dev.firedrill.harness.ProvisioningException} (a component did not start, naming it) and
 * {@link dev.firedrill.harness.FaultException} (a fault cannot be applied). {@code scenario.ScenarioException}
 * extends it too.
 */
package dev.firedrill.harness;
