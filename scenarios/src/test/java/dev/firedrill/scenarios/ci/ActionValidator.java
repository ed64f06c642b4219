package dev.firedrill.scenarios.ci;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Test helper: the npm package {@code @action-validator/cli}, which checks a workflow file against GitHub's
 * workflow schema. Installed once into {@code scenarios/target/npm} from the npm registry; tests that need it are
 * skipped (not failed) on machines without node and npm.
 */
final class ActionValidator {
    /** The version known to work with node 20; 0.6.0 also pulls {@code @action-validator/core} 0.6.0. */
    static final String VERSION = "0.6.0";

    private static Path cli;

    private ActionValidator() {
    }

    /** The validator's entry script, installing it first if this build has not yet. */
    static synchronized Path cli() throws IOException, InterruptedException {
        assumeTrue(Command.onPath("node") && Command.onPath("npm"),
                "node and npm are not on PATH; skipping the workflow validation (install Node.js 20 with npm)");
        if (cli != null) {
            return cli;
        }
        Path prefix = RepoRoot.buildDir().resolve("npm");
        Path script = prefix.resolve("node_modules/@action-validator/cli/cli.mjs");
        if (!installedVersionIs(prefix, VERSION) || !Files.isRegularFile(script)) {
            Files.createDirectories(prefix);
            Command.Result install = Command.run(Duration.ofMinutes(5), prefix, Map.of(), List.of("npm", "install",
                    "--prefix", prefix.toString(), "--no-audit", "--no-fund", "--no-save", "--loglevel=error",
                    "@action-validator/cli@" + VERSION, "@action-validator/core@" + VERSION));
            if (install.exitCode() != 0 || !Files.isRegularFile(script)) {
                throw new AssertionError("could not install @action-validator/cli@" + VERSION + " into " + prefix
                        + " (the npm registry must be reachable):\n" + install.describe());
            }
        }
        cli = script;
        return cli;
    }

    /** Validates one workflow file; exit code 0 means GitHub's schema accepts it. */
    static Command.Result validate(Path workflow) throws IOException, InterruptedException {
        Path script = cli();
        return Command.run(Duration.ofMinutes(1), workflow.getParent(), Map.of("NO_COLOR", "1"),
                List.of("node", script.toString(), workflow.toString()));
    }

    private static boolean installedVersionIs(Path prefix, String version) throws IOException {
        Path pkg = prefix.resolve("node_modules/@action-validator/cli/package.json");
        return Files.isRegularFile(pkg)
                && Files.readString(pkg).matches("(?s).*\"version\"\\s*:\\s*\"" + version.replace(".", "\\.") + "\".*");
    }
}
