package dev.firedrill.perf.internal.sidebyside;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * PSS and RSS of a process and all its descendants, from {@code /proc/<pid>/smaps_rollup}, grouped by kind
 * (the root JVM, other JVMs, postgres, redis-server, anything else by its command name). PSS charges each
 * shared page to its sharers in equal parts, so the sum over a tree is what the tree costs the machine.
 */
final class TreeMemory {
    /** One kind of process: how many, and their summed PSS and RSS in MB (2^20 bytes). */
    record Kind(String kind, int processes, double pssMb, double rssMb) {
    }

    private TreeMemory() {
    }

    static List<Kind> of(ProcessHandle root) throws IOException {
        Map<String, double[]> byKind = new TreeMap<>();
        List<ProcessHandle> tree = new ArrayList<>();
        tree.add(root);
        root.descendants().forEach(tree::add);
        for (ProcessHandle p : tree) {
            long[] kb = rollup(p.pid());
            if (kb == null) {
                continue; // ended meanwhile
            }
            String comm = comm(p.pid());
            String kind = p.pid() == root.pid() ? "harness JVM" : comm.equals("java") ? "app JVMs" : comm.startsWith(
                    "postgres") ? "postgres" : comm;
            double[] sum = byKind.computeIfAbsent(kind, k -> new double[3]);
            sum[0]++;
            sum[1] += kb[0] / 1024.0;
            sum[2] += kb[1] / 1024.0;
        }
        List<Kind> kinds = new ArrayList<>();
        byKind.forEach((k, v) -> kinds.add(new Kind(k, (int) v[0], v[1], v[2])));
        return kinds;
    }

    private static String comm(long pid) {
        try {
            return Files.readString(Path.of("/proc", Long.toString(pid), "comm")).trim();
        } catch (IOException e) {
            return "?";
        }
    }

    /** {Pss, Rss} in kB, or null if the process is gone. */
    private static long[] rollup(long pid) {
        try {
            long pss = 0;
            long rss = 0;
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "smaps_rollup"))) {
                if (line.startsWith("Pss:")) {
                    pss = kb(line);
                } else if (line.startsWith("Rss:")) {
                    rss = kb(line);
                }
            }
            return new long[] {pss, rss};
        } catch (IOException e) {
            return null;
        }
    }

    private static long kb(String line) {
        String[] f = line.trim().split("\\s+");
        return Long.parseLong(f[1]);
    }
}
