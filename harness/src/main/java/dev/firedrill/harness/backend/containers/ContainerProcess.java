package dev.firedrill.harness.backend.containers;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Frame;
import dev.firedrill.harness.internal.ManagedProcess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A container as faults and teardown see it ({@link ManagedProcess}): {@code STOP}/{@code CONT} are {@code docker
 * pause}/{@code unpause} (the cgroup freezer: the process cannot catch it, like SIGSTOP), {@code KILL} and the other
 * signals are {@code docker kill --signal}, {@link #stop} is {@code docker stop} (the image's stop signal, then
 * SIGKILL after the grace) and {@link #start()} starts the same container again, with its address.
 */
final class ContainerProcess implements ManagedProcess {
    private final DockerClient docker;
    private final String id;
    private final String name;
    private volatile long lastPid = -1;

    ContainerProcess(DockerClient docker, String id, String name) {
        this.docker = docker;
        this.id = id;
        this.name = name;
    }

    String id() {
        return id;
    }

    @Override
    public String name() {
        return name;
    }

    private InspectContainerResponse.ContainerState state() {
        try {
            return docker.inspectContainerCmd(id).exec().getState();
        } catch (NotFoundException e) {
            return null;
        }
    }

    @Override
    public long pid() {
        var s = state();
        if (s != null && s.getPidLong() != null && s.getPidLong() > 0) {
            lastPid = s.getPidLong();
        }
        return lastPid;
    }

    @Override
    public boolean isAlive() {
        var s = state();
        return s != null && Boolean.TRUE.equals(s.getRunning());
    }

    private boolean paused() {
        var s = state();
        return s != null && Boolean.TRUE.equals(s.getPaused());
    }

    /** Starts the stopped or killed container again (same name, same address). */
    void start() {
        var s = state();
        if (s != null && Boolean.TRUE.equals(s.getRunning())) {
            return;
        }
        docker.startContainerCmd(id).exec();
    }

    @Override
    public void signal(String signal) {
        try {
            switch (signal) {
                case "STOP" -> {
                    if (isAlive() && !paused()) {
                        docker.pauseContainerCmd(id).exec();
                    }
                }
                case "CONT" -> {
                    if (paused()) {
                        docker.unpauseContainerCmd(id).exec();
                    }
                }
                default -> {
                    if (isAlive()) {
                        if (paused()) {
                            docker.unpauseContainerCmd(id).exec(); // a frozen container cannot take a signal
                        }
                        docker.killContainerCmd(id).withSignal(signal.startsWith("SIG") ? signal : "SIG" + signal)
                                .exec();
                    }
                }
            }
        } catch (NotFoundException e) {
            // removed already
        } catch (DockerException e) {
            if (isAlive()) {
                throw new IllegalStateException("cannot send " + signal + " to container " + name + ": "
                        + e.getMessage(), e);
            }
        }
    }

    @Override
    public int stop(Duration grace) {
        try {
            if (paused()) {
                docker.unpauseContainerCmd(id).exec();
            }
            if (isAlive()) {
                docker.stopContainerCmd(id).withTimeout((int) Math.max(1, (grace.toMillis() + 999) / 1000)).exec();
            }
        } catch (NotFoundException e) {
            return -1;
        } catch (DockerException e) {
            kill();
        }
        return exitCode();
    }

    @Override
    public void kill() {
        try {
            docker.killContainerCmd(id).exec(); // at once: a fault's moment is the signal's
        } catch (DockerException e) {
            try {
                if (paused()) { // an engine that refuses to signal a frozen container
                    docker.unpauseContainerCmd(id).exec();
                    docker.killContainerCmd(id).exec();
                }
            } catch (DockerException again) {
                // exited meanwhile, or removed
            }
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (isAlive() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private int exitCode() {
        var s = state();
        if (s == null || Boolean.TRUE.equals(s.getRunning()) || s.getExitCodeLong() == null) {
            return -1;
        }
        return s.getExitCodeLong().intValue();
    }

    /** Removes the container (forced, with its anonymous volumes). Never throws. */
    void remove() {
        try {
            docker.removeContainerCmd(id).withForce(true).withRemoveVolumes(true).exec();
        } catch (RuntimeException e) {
            // gone already
        }
    }

    @Override
    public List<String> tail(int n) {
        List<String> lines = Collections.synchronizedList(new ArrayList<>());
        try {
            docker.logContainerCmd(id).withStdOut(true).withStdErr(true).withTail(n)
                    .exec(new ResultCallback.Adapter<Frame>() {
                        @Override
                        public void onNext(Frame frame) {
                            for (String l : new String(frame.getPayload(), java.nio.charset.StandardCharsets.UTF_8)
                                    .split("\n")) {
                                if (!l.isBlank()) {
                                    lines.add(l);
                                }
                            }
                        }
                    }).awaitCompletion(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            // no logs
        }
        synchronized (lines) {
            return List.copyOf(lines.subList(Math.max(0, lines.size() - n), lines.size()));
        }
    }

    @Override
    public String diagnostics() {
        StringBuilder sb = new StringBuilder("container ").append(name);
        var s = state();
        if (s == null) {
            sb.append(" is gone");
        } else if (Boolean.TRUE.equals(s.getRunning())) {
            sb.append(Boolean.TRUE.equals(s.getPaused()) ? " is paused" : " is still running");
        } else {
            sb.append(" exited with code ").append(s.getExitCodeLong())
                    .append(Boolean.TRUE.equals(s.getOOMKilled()) ? " (killed: out of memory)" : "");
        }
        List<String> tail = tail(15);
        if (!tail.isEmpty()) {
            sb.append("; last log lines (docker logs ").append(name).append("):");
            for (String line : tail) {
                sb.append("\n    | ").append(line);
            }
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return "container " + name;
    }
}
