/**
 * The load a scenario drives through the ALB. {@link dev.firedrill.harness.workload.Workload} runs an open-model
 * load described by a {@link dev.firedrill.harness.workload.WorkloadSpec} (rate, clients, keys, a mix of
 * {@link dev.firedrill.harness.workload.OpKind}s) against the reference app's HTTP API, on a fixed
 * {@link dev.firedrill.harness.workload.RateSchedule}: latency counts from each operation's intended start, so a
 * stalled stack cannot slow the load and hide its stall. Every operation goes into the history as an invoke and
 * one ok/fail/info completion; {@link dev.firedrill.harness.workload.WorkloadStats} are live counters for
 * progress lines. The HTTP driver lives in {@code internal}.
 */
package dev.firedrill.harness.workload;
