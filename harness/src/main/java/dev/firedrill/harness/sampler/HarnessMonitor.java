package dev.firedrill.harness.sampler;

import dev.firedrill.harness.history.Event;
import dev.firedrill.harness.history.HistoryRecorder;
import dev.firedrill.harness.sampler.internal.MachineLoad;
import java.util.Objects;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;

/**
 * Watches the harness's own ability to keep time, so a verdict can tell a broken stack from a busy machine.
 * A hiccup meter (after jHiccup): a thread that sleeps {@value #RESOLUTION_MICROS} µs again and again and records
 * how much later than asked it woke up — a pause of the harness JVM (GC, safepoint) or of the machine (CPU
 * starved) shows as an overshoot, whatever caused it. Into the history go:
 * <ul>
 *   <li>{@code harness_pause_ms} (target {@code harness}) every {@value #SERIES_MILLIS} ms: the longest overshoot
 *       in that interval — a series for the report;</li>
 *   <li>{@code harness_stall_ms} at once when one overshoot reaches {@value #STALL_EVENT_MILLIS} ms: the harness
 *       was frozen for that long, up to this event's time ({@link dev.firedrill.harness.scenario.Stalls} turns
 *       these into windows);</li>
 *   <li>{@code cpu_pressure_pct}, {@code load_1m} and {@code cpu_steal_pct} every {@value #MACHINE_MILLIS} ms
 *       from {@code /proc/pressure/cpu}, {@code /proc/loadavg} and {@code /proc/stat} (Linux; absent elsewhere):
 *       the share of time runnable tasks waited for a CPU, the load, and time the hypervisor took away.</li>
 * </ul>
 * The workload adds {@code schedule_lag_ms} events when it falls behind its schedule.
 *
 * <pre>{@code
 * try (HarnessMonitor m = HarnessMonitor.start(recorder)) { ... m.pauses().getValueAtPercentile(99) ... }
 * }</pre>
 */
public final class HarnessMonitor implements AutoCloseable {
    /** How long the hiccup thread sleeps each time. */
    public static final long RESOLUTION_MICROS = 1000;
    /** Interval of the {@code harness_pause_ms} series. */
    public static final long SERIES_MILLIS = 250;
    /** Smallest overshoot recorded as a {@code harness_stall_ms} event. */
    public static final long STALL_EVENT_MILLIS = 20;
    /** Interval of the machine readings. */
    public static final long MACHINE_MILLIS = 500;

    private final HistoryRecorder recorder;
    private final Histogram pauses = new Histogram(3_600_000_000_000L, 2);
    private final Thread thread;
    private final MachineLoad machine = new MachineLoad();
    private volatile boolean stopped;

    private HarnessMonitor(HistoryRecorder recorder) {
        this.recorder = recorder;
        this.thread = new Thread(this::loop, "firedrill-hiccup-meter");
        thread.setDaemon(true);
        // the meter must see the machine as the workload's threads do: same priority, no favours
        thread.start();
    }

    /** Starts watching now, recording into {@code recorder}. */
    public static HarnessMonitor start(HistoryRecorder recorder) {
        return new HarnessMonitor(Objects.requireNonNull(recorder, "recorder"));
    }

    private void loop() {
        long sleep = RESOLUTION_MICROS * 1000;
        long nextSeries = System.nanoTime() + SERIES_MILLIS * 1_000_000;
        long nextMachine = System.nanoTime();
        long intervalMax = 0;
        while (!stopped) {
            long t0 = System.nanoTime();
            LockSupport.parkNanos(sleep);
            long now = System.nanoTime();
            long over = Math.max(0, now - t0 - sleep);
            synchronized (pauses) {
                pauses.recordValue(over);
            }
            intervalMax = Math.max(intervalMax, over);
            try {
                if (over >= STALL_EVENT_MILLIS * 1_000_000) {
                    recorder.record(Event.sample("harness_stall_ms", "harness", over / 1e6));
                }
                if (now >= nextSeries) {
                    recorder.record(Event.sample("harness_pause_ms", "harness", intervalMax / 1e6));
                    intervalMax = 0;
                    nextSeries = now + SERIES_MILLIS * 1_000_000;
                }
                if (now >= nextMachine) {
                    machine.sample(recorder);
                    nextMachine = now + MACHINE_MILLIS * 1_000_000;
                }
            } catch (RuntimeException e) {
                return; // the recorder was closed: the run is over
            }
        }
    }

    /** Overshoots seen so far, in nanoseconds (a copy). */
    public Histogram pauses() {
        synchronized (pauses) {
            return pauses.copy();
        }
    }

    /** Stops the meter and waits for its thread. Idempotent. */
    @Override
    public void close() {
        stopped = true;
        try {
            thread.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
