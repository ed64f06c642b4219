/**
 * Readings recorded into a run's history while it runs. {@link dev.firedrill.harness.sampler.Sampler} records a
 * deployment's replica lag, ALB target health and queue depth at a fixed interval, each kind on its own thread.
 * {@link dev.firedrill.harness.sampler.HarnessMonitor} watches the harness itself (a hiccup meter, CPU pressure,
 * load) so that {@code history.Stalls} can tell a broken stack from a busy machine. Both write
 * {@code sample} events through a {@link dev.firedrill.harness.history.HistoryRecorder}; the {@code scenario}
 * runner starts and stops them.
 */
package dev.firedrill.harness.sampler;
