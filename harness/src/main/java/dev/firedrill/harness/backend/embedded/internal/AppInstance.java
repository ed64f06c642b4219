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
    /** How long an app may answer its health check with something other than 200 before the start fails. */
    static final Duration UNHEALTHY_GIVE_UP = Duration.ofSeconds(15);
    private final String name;
    private final String az;
    private final int port;
    private final List<String> command;
    private final Map<String, String> env;
    private final Path runDir;
    private final Path workDir;
    private volatile ChildProcess process;
    private volatile boolean terminated;
    private final String release;
    private final long launchedNanos;

    /**
     * @param runDir  the run directory: the instance's log goes there
     * @param workDir where the command runs; null = the harness's working directory
     */
    public AppInstance(String name, String az, int port, List<String> command, Map<String, String> env, Path runDir,
            Path workDir) {
        this(name, az, port, command, env, runDir, workDir, env.getOrDefault("APP_VERSION", "v1"));
    }

    /** @param release the version it runs ({@code APP_VERSION}) */
    public AppInstance(String name, String az, int port, List<String> command, Map<String, String> env, Path runDir,
            Path workDir, String release) {
        this.release = release;
        this.launchedNanos = System.nanoTime();
        this.name = name;
        this.az = az;
        this.port = port;
        this.command = List.copyOf(command);
        this.env = Map.copyOf(env);
        this.runDir = runDir;
        this.workDir = workDir;
    }

    /** Starts the process (does not wait). */
    public synchronized void start() {
        if (terminated || process != null && process.isAlive()) {
            return;
        }
        try {
            // the fleet's working directory (fleet.app.workingDir, default: the topology file's directory): relative
            // paths in its command mean what the user sees next to the file; a clean environment plus the contract
            process = ChildProcesses.start(name, command, env, EnvContract.INHERITED, workDir,
                    runDir.resolve(name + ".log"), runDir);
        } catch (RuntimeException e) {
            throw new ProvisioningException(name, "cannot run " + String.join(" ", command) + " in "
                    + (workDir == null ? Path.of("").toAbsolutePath() : workDir) + ": " + e.getMessage()
                    + "; check the fleet's app command and workingDir (relative paths are resolved against the "
                    + "topology file's directory)", e);
        }
    }

    /**
     * Waits until {@code GET healthPath} answers 200 on the instance's own port. Gives up at once when the
     * process exits, after {@link #UNHEALTHY_GIVE_UP} of answers other than 200, else after {@code timeout}.
     */
    public void awaitHealthy(String healthPath, Duration timeout) {
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        long unhealthySince = 0;
        int last = -1;
        while (true) {
            ChildProcess p = process;
            if (p == null || !p.isAlive()) {
                throw new ProvisioningException(name, "the app exited before answering " + healthPath + " on port "
                        + port + ": " + (p == null ? "not started" : p.diagnostics()));
            }
            last = probe(healthPath);
            if (last == 200) {
                return;
            }
            long now = System.nanoTime();
            unhealthySince = last > 0 ? (unhealthySince == 0 ? now : unhealthySince) : 0;
            boolean persistentlyUnhealthy = unhealthySince != 0 && now - unhealthySince > UNHEALTHY_GIVE_UP.toNanos();
            if (persistentlyUnhealthy || now > deadline) {
                throw new ProvisioningException(name, notHealthy(healthPath, last, persistentlyUnhealthy
                        ? (now - unhealthySince) : (now - start)) + "; " + p.diagnostics());
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ProvisioningException(name, "interrupted while waiting for health");
            }
        }
    }

    private String notHealthy(String healthPath, int status, long nanos) {
        String url = "http://127.0.0.1:" + port + healthPath;
        long s = Math.max(1, nanos / 1_000_000_000L);
        if (status > 0) {
            return "the app answered " + status + " on " + healthPath + " for " + s + " s (" + url + "; the health "
                    + "check needs 200): it runs and listens, but reports itself unhealthy; its log says why";
        }
        return "nothing answered on " + url + " within " + s + " s; the app must listen on 127.0.0.1:$PORT (PORT="
                + port + ") and answer " + healthPath + " with 200";
    }

    int probe(String path) {
        try {
            HttpURLConnection c = (HttpURLConnection) URI.create("http://127.0.0.1:" + port + path).toURL()
                    .openConnection();
            c.setConnectTimeout(200);
            c.setReadTimeout(1000);
            int code = c.getResponseCode();
            // a 4xx/5xx has no input stream, only an error stream: it is still an answer
            var body = code >= 400 ? c.getErrorStream() : c.getInputStream();
            if (body != null) {
                body.close();
            }
            return code;
        } catch (IOException e) {
            return -1;
        }
    }

    public String name() {
        return name;
    }

    /** The release it runs. */
    public String release() {
        return release;
    }

    /** {@link System#nanoTime()} when it was created. */
    public long launchedNanos() {
        return launchedNanos;
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

    /**
     * Stops the instance for good (the Auto Scaling group terminated it): a later {@link #start()}, e.g. the heal of a
     * kill fault, does nothing.
     */
    public void terminate() {
        synchronized (this) {
            terminated = true;
        }
        close();
    }

    public boolean isTerminated() {
        return terminated;
    }

    @Override
    public void close() {
        ChildProcess p = process;
        if (p != null) {
            p.stop(Duration.ofSeconds(3));
        }
    }
}
