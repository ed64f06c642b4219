package dev.firedrill.harness.internal;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A handle on an OS process started by {@link ChildProcesses}: it dies with the harness JVM
 * (parent-death signal), its output goes to a log file, and it can be signalled for faults.
 */
public final class ChildProcess implements ManagedProcess {
    private final String name;
    private final Process process;
    private final Path logFile;
    private final List<String> command;

    ChildProcess(String name, Process process, Path logFile, List<String> command) {
        this.name = name;
        this.process = process;
        this.logFile = logFile;
        this.command = List.copyOf(command);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public long pid() {
        return process.pid();
    }

    public Process process() {
        return process;
    }

    public Path logFile() {
        return logFile;
    }

    public List<String> command() {
        return command;
    }

    @Override
    public boolean isAlive() {
        return process.isAlive();
    }

    /** Sends a signal by name (KILL, TERM, STOP, CONT, INT) to the process. */
    @Override
    public void signal(String signal) {
        if (!process.isAlive()) {
            return;
        }
        try {
            Process p = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid()))
                    .redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            p.waitFor(5, TimeUnit.SECONDS);
        } catch (IOException e) {
            throw new IllegalStateException("cannot signal " + name + " (pid " + pid() + ")", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** SIGTERM, wait up to {@code grace}, then SIGKILL. Never throws; returns the exit code or -1. */
    @Override
    public int stop(Duration grace) {
        if (process.isAlive()) {
            signal("CONT"); // a paused process cannot handle TERM
            process.destroy();
            try {
                if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                    process.destroyForcibly();
                    process.waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
        return process.isAlive() ? -1 : process.exitValue();
    }

    /** SIGKILL and wait for the exit. */
    @Override
    public void kill() {
        if (process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** The last {@code n} lines of the log, for error messages. */
    @Override
    public List<String> tail(int n) {
        return tail(logFile, n);
    }

    public static List<String> tail(Path file, int n) {
        if (file == null || !Files.exists(file)) {
            return List.of();
        }
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
            long len = raf.length();
            long start = Math.max(0, len - 16_384);
            raf.seek(start);
            byte[] buf = new byte[(int) (len - start)];
            raf.readFully(buf);
            String[] lines = new String(buf, StandardCharsets.UTF_8).split("\n");
            List<String> out = new ArrayList<>();
            for (int i = Math.max(0, lines.length - n); i < lines.length; i++) {
                if (!lines[i].isBlank()) {
                    out.add(lines[i]);
                }
            }
            return Collections.unmodifiableList(out);
        } catch (IOException e) {
            return List.of();
        }
    }

    /** A description for error messages: exit state plus the last log lines. */
    @Override
    public String diagnostics() {
        StringBuilder sb = new StringBuilder();
        if (process.isAlive()) {
            sb.append("process ").append(pid()).append(" is still running");
        } else {
            int code = process.exitValue();
            sb.append("process ").append(pid()).append(code > 128 ? " was killed by signal " + (code - 128)
                    : " exited with code " + code);
        }
        List<String> tail = tail(15);
        if (!tail.isEmpty()) {
            sb.append("; last log lines (").append(logFile).append("):");
            for (String line : tail) {
                sb.append("\n    | ").append(line);
            }
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return name + "(pid " + pid() + ")";
    }
}
