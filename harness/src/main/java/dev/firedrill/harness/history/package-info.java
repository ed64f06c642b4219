/**
 * A run's history, Jepsen style: every client operation ({@code invoke}, then {@code ok}, {@code fail} or
 * {@code info}), every fault event and every sampler reading, as {@link dev.firedrill.harness.history.Event}s.
 * The workload, the fault listener and the samplers write them through a
 * {@link dev.firedrill.harness.history.HistoryRecorder} (which streams {@code history.jsonl});
 * {@link dev.firedrill.harness.history.History} is the immutable result, read back with {@code History.read},
 * with {@link dev.firedrill.harness.history.Operations} (invocations paired with completions) and
 * {@link dev.firedrill.harness.history.FaultWindow}s as views. {@link dev.firedrill.harness.history.Stalls} derives
 * the windows in which the harness could not keep time. Checkers, SLOs and reports derive their figures from it
 * (checkers add the final reads).
 */
package dev.firedrill.harness.history;
