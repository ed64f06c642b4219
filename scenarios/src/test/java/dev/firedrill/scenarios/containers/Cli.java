package dev.firedrill.scenarios.containers;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The real CLI in a child JVM (as {@code ./firedrill} runs it), and the {@code docker} CLI, for the containers tests. */
final class Cli {
    final Process process;
    final Path output;

    private Cli(Process process, Path output) {
        this.process = process;
        this.output = output;
    }

    static Cli start(Path runRoot, String... args) throws IOException {
        return start(runRoot, java.util.Map.of(), args);
    }

    static Cli start(Path runRoot, java.util.Map<String, String> env, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
                "dev.firedrill.harness.cli.Main"));
        cmd.addAll(Arrays.asList(args));
        Path out = Files.createTempFile("firedrill-cli", ".log");
        out.toFile().deleteOnExit();
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile());
        pb.environment().put("FIREDRILL_RUN_ROOT", runRoot.toString());
        pb.environment().putAll(env);
        return new Cli(pb.start(), out);
    }

    /** Runs the CLI to its end: [exit code, output]. */
    static Result run(Path runRoot, long seconds, String... args) throws Exception {
        return run(runRoot, java.util.Map.of(), seconds, args);
    }

    static Result run(Path runRoot, java.util.Map<String, String> env, long seconds, String... args) throws Exception {
        Cli c = start(runRoot, env, args);
        if (!c.process.waitFor(seconds, TimeUnit.SECONDS)) {
            c.process.destroyForcibly();
            throw new AssertionError("firedrill " + String.join(" ", args) + " did not exit within " + seconds
                    + " s; output:\n" + c.output());
        }
        return new Result(c.process.exitValue(), c.output());
    }

    /** Waits until this {@code up} has written {@code endpoints} (it is ready), failing with its output if it ends first. */
    void awaitReady(Path endpoints, long seconds) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!Files.exists(endpoints)) {
            if (!process.isAlive()) {
                throw new AssertionError("up ended before it was ready; output:\n" + output());
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("up not ready within " + seconds + " s; output:\n" + output());
            }
            Thread.sleep(100);
        }
    }

    String output() throws IOException {
        return Files.readString(output, StandardCharsets.UTF_8);
    }

    record Result(int exitCode, String output) {
    }

    /** {@code docker args…}'s standard output, lines without blanks. */
    static List<String> docker(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("docker"));
        cmd.addAll(Arrays.asList(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new AssertionError("docker " + String.join(" ", args) + " failed: " + out);
        }
        return out.lines().filter(l -> !l.isBlank()).toList();
    }

    /** The containers, networks and volumes left of firedrill runs (any run), as {@code kind id} lines. */
    static List<String> leftovers() throws Exception {
        List<String> out = new ArrayList<>();
        docker("ps", "-aq", "--filter", "label=dev.firedrill.run").forEach(id -> out.add("container " + id));
        docker("network", "ls", "-q", "--filter", "label=dev.firedrill.run").forEach(id -> out.add("network " + id));
        docker("volume", "ls", "-q", "--filter", "label=dev.firedrill.run").forEach(id -> out.add("volume " + id));
        return out;
    }
}
