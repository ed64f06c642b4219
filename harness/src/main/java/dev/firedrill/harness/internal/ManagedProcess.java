package dev.firedrill.harness.internal;

import java.time.Duration;
import java.util.List;

/**
 * What faults and teardown need of a running component, whatever runs it: an OS process of the harness
 * ({@link ChildProcess}, the embedded backend) or a container (the containers backend). Signal names are the
 * POSIX ones; a container maps {@code STOP}/{@code CONT} to {@code docker pause}/{@code unpause} (the cgroup
 * freezer, which a container cannot catch either) and the others to {@code docker kill --signal}.
 */
public interface ManagedProcess {
    String name();

    /** The process id on this host (for a container, its init process as the engine reports it); -1 when none. */
    long pid();

    /** True while it runs, frozen or not. */
    boolean isAlive();

    /** Sends a signal by name (KILL, TERM, STOP, CONT, INT). */
    void signal(String signal);

    /** SIGTERM (after CONT), wait up to {@code grace}, then SIGKILL. Never throws; returns the exit code or -1. */
    int stop(Duration grace);

    /** SIGKILL and wait for the exit. */
    void kill();

    /** The last {@code n} lines of its output, for error messages. */
    List<String> tail(int n);

    /** A description for error messages: exit state plus the last log lines. */
    String diagnostics();
}
