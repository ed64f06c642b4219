package dev.firedrill.scenarios;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A busy machine on demand: one shell busy loop per core, in processes of their own (like another job on a
 * shared CI runner), started through {@code setpriv --pdeathsig KILL} so they die with the test JVM even on
 * kill -9, and stopped on close.
 */
final class CpuHog implements AutoCloseable {
    private final List<Process> loops = new ArrayList<>();

    private CpuHog(int n) throws IOException {
        for (int i = 0; i < n; i++) {
            loops.add(new ProcessBuilder("setpriv", "--pdeathsig", "KILL", "--", "sh", "-c", "while :; do :; done")
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start());
        }
    }

    /** One busy loop on every core the JVM sees. */
    static CpuHog onEveryCore() throws IOException {
        return new CpuHog(Runtime.getRuntime().availableProcessors());
    }

    @Override
    public void close() throws InterruptedException {
        for (Process p : loops) {
            p.destroyForcibly();
        }
        for (Process p : loops) {
            p.waitFor(5, TimeUnit.SECONDS);
        }
    }
}
