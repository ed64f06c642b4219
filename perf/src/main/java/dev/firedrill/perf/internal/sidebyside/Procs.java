package dev.firedrill.perf.internal.sidebyside;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The processes a side-by-side run starts (servers, proxies), each with its output in a log file of the work
 * directory; {@link #close()} (also run by a shutdown hook) ends them and their descendants.
 */
final class Procs implements AutoCloseable {
    private final Path logs;
    private final List<Process> started = new ArrayList<>();
    private final java.util.Map<Process, Path> logOf = new java.util.HashMap<>();
    private final Thread hook = new Thread(this::killAll, "side-by-side-cleanup");

    Procs(Path logs) {
        this.logs = logs;
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** Starts {@code cmd} with stdout and stderr appended to {@code logs/name.log}. */
    synchronized Process start(String name, List<String> cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logs.resolve(name + ".log").toFile())).start();
            started.add(p);
            logOf.put(p, logs.resolve(name + ".log"));
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name + " (" + String.join(" ", cmd) + ")", e);
        }
    }

    /** Starts a JVM-side proxy ({@link ProxyMain}) and waits for its {@code ready} line. */
    synchronized Process startProxy(String name, List<String> cmd) throws IOException {
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.appendTo(
                logs.resolve(name + ".log").toFile())).start();
        started.add(p);
        BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String line = r.readLine();
        if (!"ready".equals(line)) {
            throw new IllegalStateException(name + " did not start (printed " + line + "); see " + logs.resolve(
                    name + ".log"));
        }
        return p;
    }

    /** Waits until something accepts connections on 127.0.0.1:{@code port}. */
    void awaitPort(String what, int port, Process p) throws InterruptedException {
        awaitPort(what, port, p, logOf.get(p));
    }

    private static String tail(Path log) {
        try {
            String s = java.nio.file.Files.readString(log);
            return s.length() > 2000 ? s.substring(s.length() - 2000) : s;
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    static void awaitPort(String what, int port, Process p, Path log) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) {
                throw new IllegalStateException(what + " exited with " + p.exitValue() + " before listening on "
                        + port + (log == null ? "" : "; it printed:\n" + tail(log)));
            }
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
                return;
            } catch (IOException e) {
                Thread.sleep(20);
            }
        }
        throw new IllegalStateException(what + " did not listen on " + port + " within 20 s");
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    synchronized void stop(Process p) {
        end(p);
        started.remove(p);
    }

    private static void end(Process p) {
        p.descendants().forEach(ProcessHandle::destroy);
        p.destroy();
        try {
            if (!p.waitFor(5, TimeUnit.SECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                p.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private synchronized void killAll() {
        for (Process p : started) {
            end(p);
        }
        started.clear();
    }

    @Override
    public void close() {
        killAll();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // already shutting down
        }
    }
}
