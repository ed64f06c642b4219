package dev.firedrill.harness.sampler.internal;

import dev.firedrill.harness.history.Event;
import dev.firedrill.harness.history.HistoryRecorder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Readings of the machine from Linux's /proc: CPU pressure (PSI {@code some}: the share of wall time in which at
 * least one runnable task waited for a CPU), the 1-minute load average and CPU steal, each as the change since
 * the previous reading. A file that is missing (not Linux, PSI disabled) is skipped for good.
 */
public final class MachineLoad {
    private static final Path PRESSURE = Path.of("/proc/pressure/cpu");
    private static final Path LOADAVG = Path.of("/proc/loadavg");
    private static final Path STAT = Path.of("/proc/stat");
    private boolean pressureOk = Files.isReadable(PRESSURE);
    private boolean loadOk = Files.isReadable(LOADAVG);
    private boolean statOk = Files.isReadable(STAT);
    private long lastPressureMicros = -1;
    private long lastNanos;
    private long lastTotal = -1;
    private long lastSteal;

    /** Records one reading of each available figure. */
    public void sample(HistoryRecorder recorder) {
        long now = System.nanoTime();
        if (pressureOk) {
            long total = pressureTotalMicros();
            if (total < 0) {
                pressureOk = false;
            } else {
                if (lastPressureMicros >= 0 && now > lastNanos) {
                    double pct = 100.0 * (total - lastPressureMicros) * 1000 / (now - lastNanos);
                    recorder.record(Event.sample("cpu_pressure_pct", "machine", Math.min(100, Math.max(0, pct))));
                }
                lastPressureMicros = total;
            }
        }
        lastNanos = now;
        if (loadOk) {
            try {
                String s = Files.readString(LOADAVG).trim();
                recorder.record(Event.sample("load_1m", "machine", Double.parseDouble(s.split("\\s+")[0])));
            } catch (IOException | RuntimeException e) {
                loadOk = false;
            }
        }
        if (statOk) {
            try {
                String cpu = Files.readAllLines(STAT).get(0); // cpu user nice system idle iowait irq softirq steal
                String[] f = cpu.trim().split("\\s+");
                long total = 0;
                for (int i = 1; i < Math.min(f.length, 9); i++) {
                    total += Long.parseLong(f[i]);
                }
                long steal = f.length > 8 ? Long.parseLong(f[8]) : 0;
                if (lastTotal >= 0 && total > lastTotal) {
                    recorder.record(Event.sample("cpu_steal_pct", "machine",
                            100.0 * (steal - lastSteal) / (total - lastTotal)));
                }
                lastTotal = total;
                lastSteal = steal;
            } catch (IOException | RuntimeException e) {
                statOk = false;
            }
        }
    }

    /** {@code some ... total=N} of /proc/pressure/cpu, in µs; -1 when unreadable. */
    static long pressureTotalMicros() {
        try {
            for (String line : Files.readAllLines(PRESSURE)) {
                if (line.startsWith("some")) {
                    int i = line.indexOf("total=");
                    return i < 0 ? -1 : Long.parseLong(line.substring(i + 6).trim());
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }
}
