package dev.firedrill.harness.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Starts every child process of the harness so that it cannot outlive it.
 *
 * <p>Each child is wrapped in {@code setpriv --pdeathsig KILL}: the kernel sends SIGKILL to the child
 * when its parent dies, also on {@code kill -9} of the JVM. Linux ties that signal to the
 * <em>thread</em> that forked the child, so all children are started from one long-lived daemon
 * thread owned by this class. The pid of every child is also appended to the run directory's
 * {@code children} file so that {@link RunDirectories#sweepStale()} can reap them if all else
 * fails.
 */
public final class ChildProcesses {
    private static final ExecutorService SPAWNER = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "firedrill-spawner");
        t.setDaemon(true);
        return t;
    });
    private static final boolean HAS_SETPRIV = onPath("setpriv");

    private ChildProcesses() {
    }

    /**
     * Starts {@code command} with {@code env} added to the harness's environment.
     *
     * @param runDir the run directory; its {@code children} file records the pid (may be null)
     * @param logFile where stdout and stderr go
     */
    public static ChildProcess start(String name, List<String> command, Map<String, String> env, Path workDir,
            Path logFile, Path runDir) {
        return start(name, command, env, null, workDir, logFile, runDir);
    }

    /**
     * Like {@link #start(String, List, Map, Path, Path, Path)}, but the child inherits only the variables
     * named in {@code inherit} (null: all of them) before {@code env} is added.
     */
    public static ChildProcess start(String name, List<String> command, Map<String, String> env,
            java.util.Set<String> inherit, Path workDir, Path logFile, Path runDir) {
        List<String> full = new ArrayList<>();
        if (HAS_SETPRIV) {
            full.addAll(List.of("setpriv", "--pdeathsig", "KILL", "--"));
        }
        full.addAll(command);
        ProcessBuilder pb = new ProcessBuilder(full);
        if (inherit != null) {
            pb.environment().keySet().retainAll(inherit);
        }
        pb.environment().putAll(env);
        if (workDir != null) {
            pb.directory(workDir.toFile());
        }
        pb.redirectErrorStream(true);
        pb.redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
        pb.redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
        Future<Process> f = SPAWNER.submit(pb::start);
        Process p;
        try {
            p = f.get();
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            throw new UncheckedIOException("cannot start " + name + ": " + c.getMessage(),
                    c instanceof IOException io ? io : new IOException(c));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting " + name, e);
        }
        if (runDir != null) {
            RunDirectories.recordChild(runDir, p.pid(), name);
        }
        return new ChildProcess(name, p, logFile, command);
    }

    /** Whether the parent-death guard is available on this machine (util-linux setpriv). */
    public static boolean hasDeathGuard() {
        return HAS_SETPRIV;
    }

    static boolean onPath(String exe) {
        String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
        for (String dir : path.split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, exe))) {
                return true;
            }
        }
        return false;
    }
}
