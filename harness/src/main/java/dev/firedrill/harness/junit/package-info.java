/**
 * JUnit 5 support. {@link dev.firedrill.harness.junit.FiredrillTopology} on a test class makes
 * {@link dev.firedrill.harness.junit.FiredrillExtension} deploy one topology for the class and inject a
 * {@link dev.firedrill.harness.junit.Drill}, which runs scenarios on it (through the {@code scenario} package's
 * runner) or reaches its deployment and faults directly. {@link dev.firedrill.harness.junit.FiredrillAssertions}
 * starts the fluent {@link dev.firedrill.harness.junit.RunResultAssert} on a
 * {@link dev.firedrill.harness.scenario.RunResult}: failures quote the measured figure and the report directory,
 * an inconclusive SLO aborts the test instead of passing or failing it.
 */
package dev.firedrill.harness.junit;
