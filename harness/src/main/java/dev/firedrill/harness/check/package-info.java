/**
 * Checkers: pure functions from a run's {@link dev.firedrill.harness.history.History} (and the final reads in
 * {@link dev.firedrill.harness.check.CheckInput}) to a {@link dev.firedrill.harness.check.CheckResult} with a
 * {@link dev.firedrill.harness.check.Verdict}, figures and examples. {@link dev.firedrill.harness.check.Checker}
 * is the interface (run one with {@code Checker.safe}, so a throwing checker becomes {@code unknown});
 * {@link dev.firedrill.harness.check.StandardCheckers} lists the built-in ones (lost writes, stale reads,
 * recovery, availability, latency, jobs, sessions). The {@code scenario} package runs them and its SLOs judge
 * their figures; {@code report} writes them out. {@link dev.firedrill.harness.check.SyntheticWorkload} generates a
 * realistic history for testing and benchmarking a checker.
 */
package dev.firedrill.harness.check;
