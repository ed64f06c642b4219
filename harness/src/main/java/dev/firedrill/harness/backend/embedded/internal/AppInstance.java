package dev.firedrill.harness.backend.embedded.internal;

import dev.firedrill.harness.ProvisioningException;
import dev.firedrill.harness.backend.embedded.EnvContract;
import dev.firedrill.harness.internal.ManagedProcess;
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
    private final String host;
    private final Launcher launcher;
    private volatile ManagedProcess process;
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
        this(name, az, "127.0.0.1", port, command, env, runDir, workDir, release, LOCAL);
    }

    /**
     * An instance reachable at {@code host:port} whose process {@code launcher} starts (a container, on the
     * containers backend).
     */
    public AppInstance(String name, String az, String host, int port, List<String> command, Map<String, String> env,
            Path runDir, Path workDir, String release, Launcher launcher) {
        this.host = host;
        this.launcher = launcher;
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

    /** Starts an instance's process: a child of the harness, or a container. */
    @FunctionalInterface
    public interface Launcher {
        ManagedProcess launch(AppInstance instance);
    }

    /** The embedded backend's: a child process of the harness in the fleet's working directory. */
    public static final Launcher LOCAL = i -> ChildProcesses.start(i.name, i.command, i.env, EnvContract.INHERITED,
            i.workDir, i.runDir.resolve(i.name + ".log"), i.runDir);

    /** Starts the process (does not wait). */
    public synchronized void start() {
        if (terminated || process != null && process.isAlive()) {
            return;
        }
        try {
            // the fleet's working directory (fleet.app.workingDir, default: the topology file's directory): relative
            // paths in its command mean what the user sees next to the file; a clean environment plus the contract
            process = launcher.launch(this);
        } catch (ProvisioningException e) {
            throw e;
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
            ManagedProcess p = process;
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
        String url = "http://" + host + ":" + port + healthPath;
        long s = Math.max(1, nanos / 1_000_000_000L);
        if (status > 0) {
            return "the app answered " + status + " on " + healthPath + " for " + s + " s (" + url + "; the health "
                    + "check needs 200): it runs and listens, but reports itself unhealthy; its log says why";
        }
        return "nothing answered on " + url + " within " + s + " s; the app must listen on " + (launcher == LOCAL
                ? "127.0.0.1" : "0.0.0.0 (every interface of its container)") + ":$PORT (PORT=" + port + ") and answer "
                + healthPath + " with 200";
    }

    int probe(String path) {
        try {
            HttpURLConnection c = (HttpURLConnection) URI.create("http://" + host + ":" + port + path).toURL()
                    .openConnection();
            c.setConnectTimeout(200);
            c.setReadTimeout(1000);
            // no idle keep-alive connection left behind: the app's graceful stop would wait for it to close
            c.setRequestProperty("Connection", "close");
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

    /** Where the instance listens, as the harness reaches it: 127.0.0.1, or its container's address. */
    public String host() {
        return host;
    }

    /** {@link #host()} and {@link #port()}. */
    public java.net.InetSocketAddress address() {
        return new java.net.InetSocketAddress(host, port);
    }

    /** The command it runs (on the containers backend: the container's command; empty for the image's own). */
    public List<String> command() {
        return command;
    }

    /** Where its command runs; null = the harness's working directory. */
    public Path workDir() {
        return workDir;
    }

    /** The run directory. */
    public Path runDir() {
        return runDir;
    }

    public Map<String, String> env() {
        return env;
    }

    /** The current process, or null before the first start. */
    public ManagedProcess process() {
        return process;
    }

    public boolean isAlive() {
        ManagedProcess p = process;
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
        ManagedProcess p = process;
        if (p != null) {
            p.stop(Duration.ofSeconds(3));
        }
    }
}
