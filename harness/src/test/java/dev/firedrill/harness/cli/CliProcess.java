package dev.firedrill.harness.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs the real CLI in a child JVM, as a user would, with its own run root. */
final class CliProcess {
    final Process process;
    final Path output;

    private CliProcess(Process process, Path output) {
        this.process = process;
        this.output = output;
    }

    static CliProcess startWithClasspath(Path runRoot, String classpath, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", classpath, Main.class.getName()));
        cmd.addAll(Arrays.asList(args));
        Path out = Files.createTempFile("firedrill-cli", ".log");
        out.toFile().deleteOnExit(); // test output only: no temp files left behind
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile());
        pb.environment().put("FIREDRILL_RUN_ROOT", runRoot.toString());
        return new CliProcess(pb.start(), out);
    }

    static CliProcess start(Path runRoot, String... args) throws IOException {
        return startWithClasspath(runRoot, System.getProperty("java.class.path"), args);
    }

    /** Waits for the exit and returns [exit code, output]. */
    Result await(long seconds) throws Exception {
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("CLI did not exit within " + seconds + " s; output:\n" + output());
        }
        return new Result(process.exitValue(), output());
    }

    String output() throws IOException {
        return Files.readString(output, StandardCharsets.UTF_8);
    }

    record Result(int exitCode, String output) {
    }

    static Map<String, String> none() {
        return Map.of();
    }
}
