package dev.firedrill.harness.backend.embedded.internal;

import dev.firedrill.harness.ProvisioningException;
import dev.firedrill.harness.backend.embedded.EnvContract;
import dev.firedrill.harness.internal.ChildProcess;
import dev.firedrill.harness.internal.ChildProcesses;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** One app instance of the fleet: an OS process configured only through the env contract. */
public final class AppInstance implements AutoCloseable {
    private final String name;
    private final String az;
    private final int port;
    private final List<String> command;
    private final Map<String, String> env;
    private final Path runDir;
    private volatile ChildProcess process;

    public AppInstance(String name, String az, int port, List<String> command, Map<String, String> env, Path runDir) {
        this.name = name;
        this.az = az;
        this.port = port;
        this.command = List.copyOf(command);
        this.env = Map.copyOf(env);
        this.runDir = runDir;
    }

    /** Starts the process (does not wait). */
    public synchronized void start() {
        if (process != null && process.isAlive()) {
            return;
        }
        try {
            // the directory firedrill runs in: relative paths in the fleet's command mean what the user sees
            process = ChildProcesses.start(name, command, env, EnvContract.INHERITED, Path.of("").toAbsolutePath(),
                    runDir.resolve(name + ".log"), runDir);
        } catch (RuntimeException e) {
            throw new ProvisioningException(name, "cannot run " + String.join(" ", command) + ": " + e.getMessage()
                    + "; check the fleet's app command", e);
        }
    }

    /** Waits until {@code GET healthPath} answers 200 on the instance's own port. */
    public void awaitHealthy(String healthPath, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            ChildProcess p = process;
            if (p == null || !p.isAlive()) {
                throw new ProvisioningException(name, "the app exited before answering " + healthPath + " on port "
                        + port + ": " + (p == null ? "not started" : p.diagnostics()));
            }
            if (probe(healthPath) == 200) {
                return;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ProvisioningException(name, "interrupted while waiting for health");
            }
        }
        throw new ProvisioningException(name, "the app did not answer 200 on http://127.0.0.1:" + port + healthPath
                + " within " + timeout.toSeconds() + " s; it must listen on 127.0.0.1:$PORT; "
                + process.diagnostics());
    }

    int probe(String path) {
        try {
            HttpURLConnection c = (HttpURLConnection) URI.create("http://127.0.0.1:" + port + path).toURL()
                    .openConnection();
            c.setConnectTimeout(200);
            c.setReadTimeout(1000);
            int code = c.getResponseCode();
            c.getInputStream().close();
            return code;
        } catch (IOException e) {
            return -1;
        }
    }

    public String name() {
        return name;
    }

    public String az() {
        return az;
    }

    public int port() {
        return port;
    }

    public Map<String, String> env() {
        return env;
    }

    /** The current process, or null before the first start. */
    public ChildProcess process() {
        return process;
    }

    public boolean isAlive() {
        ChildProcess p = process;
        return p != null && p.isAlive();
    }

    @Override
    public void close() {
        ChildProcess p = process;
        if (p != null) {
            p.stop(Duration.ofSeconds(3));
        }
    }
}
