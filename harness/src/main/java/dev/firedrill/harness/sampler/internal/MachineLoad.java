package dev.firedrill.harness.sampler.internal;

import dev.firedrill.harness.history.Event;
import dev.firedrill.harness.history.HistoryRecorder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Readings of the machine from Linux's /proc: CPU pressure (PSI {@code some}: the share of wall time in which at
 * least one runnable task waited for a CPU), the CPU that processes outside this harness and its children used
 * ({@code cpu_foreign_pct}, % of all cores: another job on a shared runner), the 1-minute load average and CPU
 * steal, each as the change since the previous reading. A file that is missing (not Linux, PSI disabled) is
 * skipped for good. The stack's own work (an app JVM starting, a replica being rebuilt) also raises the pressure,
 * which is why contention is judged with the foreign share beside it.
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
    private long lastBusy;
    private long lastOurs = -1;
    private final long self = ProcessHandle.current().pid();
    private Map<Long, long[]> lastTree = new HashMap<>();
    private long ourTicks;

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
                // user + nice + system + steal: work a process (or another VM) did. irq and softirq time is left
                // out: the kernel's packet handling for the stack's own loopback traffic lands there, unattributed
                long busy = Long.parseLong(f[1]) + Long.parseLong(f[2]) + Long.parseLong(f[3])
                        + (f.length > 8 ? Long.parseLong(f[8]) : 0);
                long ours = treeTicks();
                if (lastTotal >= 0 && total > lastTotal) {
                    recorder.record(Event.sample("cpu_steal_pct", "machine",
                            100.0 * (steal - lastSteal) / (total - lastTotal)));
                    if (ours >= 0 && lastOurs >= 0) {
                        long foreign = Math.max(0, (busy - lastBusy) - (ours - lastOurs));
                        recorder.record(Event.sample("cpu_foreign_pct", "machine",
                                Math.min(100, 100.0 * foreign / (total - lastTotal))));
                    }
                }
                lastTotal = total;
                lastSteal = steal;
                lastBusy = busy;
                lastOurs = ours;
            } catch (IOException | RuntimeException e) {
                statOk = false;
            }
        }
    }

    /**
     * CPU ticks this process and its live descendants used since the previous call (the first call counts
     * everything so far); -1 when /proc cannot be read. Per process: its own user + system ticks, plus the
     * ticks of children it reaped meanwhile (a PostgreSQL backend that lived between two readings, a killed app
     * JVM), less what was already counted of those children while they ran. The stack's own work must never be
     * mistaken for someone else's, nor a killed instance's lifetime counted a second time.
     */
    long treeTicks() {
        Map<Long, long[]> now = new HashMap<>();
        long[] mine = ticks(self);
        if (mine == null) {
            return -1;
        }
        now.put(self, mine);
        for (ProcessHandle h : ProcessHandle.current().descendants().toList()) {
            long[] t = ticks(h.pid());
            if (t != null) {
                now.put(h.pid(), t);
            }
        }
        // a child that exited since the last reading shows up again, whole, in its parent's reaped ticks: what
        // was already counted of it is taken off there
        // (when its parent exited too, the nearest ancestor still here reaped it through that parent)
        Map<Long, Long> counted = new HashMap<>();
        for (Map.Entry<Long, long[]> e : lastTree.entrySet()) {
            if (!now.containsKey(e.getKey())) {
                long ancestor = e.getValue()[2];
                for (int hops = 0; !now.containsKey(ancestor) && lastTree.containsKey(ancestor) && hops < 64; hops++) {
                    ancestor = lastTree.get(ancestor)[2];
                }
                counted.merge(ancestor, e.getValue()[0] + e.getValue()[1], Long::sum);
            }
        }
        long used = 0;
        for (Map.Entry<Long, long[]> e : now.entrySet()) {
            long[] before = lastTree.get(e.getKey());
            long[] t = e.getValue();
            if (before == null) {
                used += t[0] + t[1];
            } else {
                used += Math.max(0, t[0] - before[0])
                        + Math.max(0, t[1] - before[1] - counted.getOrDefault(e.getKey(), 0L));
            }
        }
        lastTree = now;
        ourTicks += used;
        return ourTicks;
    }

    /** {utime + stime, cutime + cstime, ppid} of /proc/PID/stat, or null. */
    static long[] ticks(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // after "pid (comm) ": state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime ...
            return new long[] {Long.parseLong(f[11]) + Long.parseLong(f[12]),
                    Long.parseLong(f[13]) + Long.parseLong(f[14]), Long.parseLong(f[1])};
        } catch (IOException | RuntimeException e) {
            return null;
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
