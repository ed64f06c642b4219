package dev.firedrill.scenarios;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A busy machine on demand: one shell busy loop per core, like another job on a shared CI runner. The loops are
 * detached from this JVM (re-parented to init, so the harness counts their CPU as other work's, not its own),
 * each in a session of its own under {@code timeout}, so they end after {@value #MAX_SECONDS} s even if this JVM
 * is killed, and {@link #close()} kills them at once.
 */
final class CpuHog implements AutoCloseable {
    static final int MAX_SECONDS = 300;
    private final List<Long> groups = new ArrayList<>();

    private CpuHog(int n) throws IOException, InterruptedException {
        for (int i = 0; i < n; i++) {
            Process launcher = new ProcessBuilder("sh", "-c", "setsid timeout -s KILL " + MAX_SECONDS
                    + " sh -c 'while :; do :; done' </dev/null >/dev/null 2>&1 & echo $!")
                    .redirectErrorStream(true).start();
            try (BufferedReader r = new BufferedReader(new InputStreamReader(launcher.getInputStream(),
                    StandardCharsets.UTF_8))) {
                groups.add(Long.parseLong(r.readLine().trim()));
            }
            launcher.waitFor(5, TimeUnit.SECONDS);
        }
    }

    /** One busy loop on every core the JVM sees. */
    static CpuHog onEveryCore() throws IOException, InterruptedException {
        return new CpuHog(Runtime.getRuntime().availableProcessors());
    }

    @Override
    public void close() throws IOException, InterruptedException {
        for (long pgid : groups) {
            // setsid made the timeout process a session and group leader: kill the whole group
            new ProcessBuilder("kill", "-KILL", "--", "-" + pgid).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor(5, TimeUnit.SECONDS);
        }
    }
}
