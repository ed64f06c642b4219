package dev.firedrill.harness.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the {@code ./firedrill} launcher script as a user does: in a directory of the caller's choosing, with
 * stdout and stderr redirected to files. Uses the jars the build just packaged ({@code FIREDRILL_BUILD=never}).
 */
final class Launcher {
    /** The repository root: failsafe runs in the harness module. */
    static final Path ROOT = Path.of("").toAbsolutePath().getParent();
    static final Path SCRIPT = ROOT.resolve("firedrill");

    final Process process;
    final Path stdout;
    final Path stderr;

    private Launcher(Process process, Path stdout, Path stderr) {
        this.process = process;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    /** Starts {@code firedrill args} in {@code cwd}, with run directories under {@code runRoot}. */
    static Launcher start(Path cwd, Path runRoot, String... args) throws IOException {
        return start(cwd, runRoot, List.of(), args);
    }

    /** As {@link #start(Path, Path, String...)}, behind {@code prefix} (e.g. {@code setsid}). */
    static Launcher start(Path cwd, Path runRoot, List<String> prefix, String... args) throws IOException {
        return start(cwd, runRoot, prefix, java.util.Map.of(), args);
    }

    /** As {@link #start(Path, Path, List, String...)}, with {@code env} added to the environment. */
    static Launcher start(Path cwd, Path runRoot, List<String> prefix, java.util.Map<String, String> env,
            String... args) throws IOException {
        List<String> cmd = new ArrayList<>(prefix);
        cmd.add(SCRIPT.toString());
        cmd.addAll(Arrays.asList(args));
        Path out = Files.createTempFile("firedrill-launcher", ".out");
        Path err = Files.createTempFile("firedrill-launcher", ".err");
        out.toFile().deleteOnExit();
        err.toFile().deleteOnExit();
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(cwd.toFile()).redirectOutput(out.toFile())
                .redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
        pb.environment().put("FIREDRILL_RUN_ROOT", runRoot.toString());
        pb.environment().put("FIREDRILL_BUILD", "never");
        pb.environment().putAll(env);
        return new Launcher(pb.start(), out, err);
    }

    /** Runs to the end (at most {@code seconds}). */
    static Result run(Path cwd, Path runRoot, long seconds, String... args) throws Exception {
        return start(cwd, runRoot, args).await(seconds);
    }

    Result await(long seconds) throws Exception {
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            throw new AssertionError("firedrill did not exit within " + seconds + " s; stdout:\n" + stdout()
                    + "\nstderr:\n" + stderr());
        }
        return new Result(process.exitValue(), stdout(), stderr());
    }

    String stdout() throws IOException {
        return Files.readString(stdout, StandardCharsets.UTF_8);
    }

    String stderr() throws IOException {
        return Files.readString(stderr, StandardCharsets.UTF_8);
    }

    record Result(int exitCode, String stdout, String stderr) {
        String both() {
            return "exit " + exitCode + "\nstdout:\n" + stdout + "\nstderr:\n" + stderr;
        }
    }
}
