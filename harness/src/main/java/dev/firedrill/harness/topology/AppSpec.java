package dev.firedrill.harness.topology;

import java.util.List;
import java.util.Map;

/**
 * What a fleet runs: either the bundled reference app ({@link #referenceApp()}) or any command line.
 * The command gets the env contract (PORT, INSTANCE_ID, AZ, DB_WRITER_URL, ...) plus {@code env}.
 *
 * @param command the command line; empty means the reference app-under-test jar
 * @param healthPath overrides the health check path of the target group when set
 */
public record AppSpec(List<String> command, Map<String, String> env) {
    public AppSpec {
        command = List.copyOf(command);
        env = Map.copyOf(env);
    }

    public static AppSpec referenceApp() {
        return new AppSpec(List.of(), Map.of());
    }

    public static AppSpec command(List<String> command, Map<String, String> env) {
        return new AppSpec(command, env);
    }

    public boolean isReferenceApp() {
        return command.isEmpty();
    }
}
