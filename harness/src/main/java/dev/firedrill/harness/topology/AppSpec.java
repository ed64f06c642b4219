package dev.firedrill.harness.topology;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What a fleet runs: either the bundled reference app ({@link #referenceApp()}) or any command line.
 * The command gets the env contract (PORT, INSTANCE_ID, AZ, DB_WRITER_URL, ...) plus {@code env}.
 *
 * @param command    the command line; empty means the reference app-under-test jar
 * @param env        extra environment variables
 * @param workingDir where the command runs; null = the harness's working directory
 * @param image      the container image that runs the app on the containers backend (its own command unless
 *                   {@code command} is given); null = the reference app, or {@code command} as a local process
 */
public record AppSpec(List<String> command, Map<String, String> env, Path workingDir, String image) {
    public AppSpec {
        command = List.copyOf(command);
        env = Map.copyOf(env);
        image = image == null || image.isBlank() ? null : image.trim();
    }

    /** A command (or the reference app) without an image. */
    public AppSpec(List<String> command, Map<String, String> env, Path workingDir) {
        this(command, env, workingDir, null);
    }

    /** The app as {@code image} runs it on the containers backend. */
    public static AppSpec image(String image, Map<String, String> env) {
        return new AppSpec(List.of(), env, null, image);
    }

    /** A command run in the harness's working directory. */
    public AppSpec(List<String> command, Map<String, String> env) {
        this(command, env, null);
    }

    public static AppSpec referenceApp() {
        return new AppSpec(List.of(), Map.of());
    }

    public static AppSpec command(List<String> command, Map<String, String> env) {
        return new AppSpec(command, env);
    }

    public boolean isReferenceApp() {
        return command.isEmpty() && image == null;
    }

    /**
     * This app as written in a file in {@code baseDir}: the working directory (default {@code baseDir}) is
     * resolved against it, and so is a relative program path ({@code ./server}, {@code bin/app}) and every
     * later argument that names an existing file there ({@code app.py}, {@code build/my-app.jar}), so
     * {@code [python3, app.py]} runs the {@code app.py} next to the file whatever the working directory.
     */
    public AppSpec resolvedAgainst(Path baseDir) {
        if (isReferenceApp() || image != null) {
            return this; // an image's command runs inside it: nothing of this machine to resolve
        }
        Path base = baseDir.toAbsolutePath().normalize();
        List<String> resolved = new ArrayList<>(command.size());
        for (int i = 0; i < command.size(); i++) {
            String arg = command.get(i);
            boolean program = i == 0 && arg.contains("/");
            boolean file = i > 0 && !arg.startsWith("-") && !arg.isEmpty() && isRelative(arg)
                    && Files.isRegularFile(base.resolve(arg));
            resolved.add((program && isRelative(arg)) || file ? base.resolve(arg).normalize().toString() : arg);
        }
        Path dir = workingDir == null ? base : base.resolve(workingDir).normalize();
        return new AppSpec(resolved, env, dir, image);
    }

    private static boolean isRelative(String arg) {
        try {
            return !Path.of(arg).isAbsolute();
        } catch (RuntimeException e) {
            return false; // not a path
        }
    }
}
