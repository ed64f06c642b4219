package dev.firedrill.harness.topology;

import java.util.List;
import java.util.Map;

/**
 * One release of the fleet's app that a deployment can roll out: the fleet's app with {@code env} added (and its
 * command replaced when {@code command} is given). Every instance also gets {@code APP_VERSION=<name>}.
 *
 * <p>The reference app ships these without any declaration ({@link #referenceAppVersions()}): {@code v1},
 * {@code v2} and {@code v3} (good releases) and three bad ones: {@code v2-unhealthy} (never passes its health check),
 * {@code v2-errors} (answers 500 on half the item requests) and {@code v2-slow-start} (listens only after 20 s).
 *
 * @param command the release's command line; empty = the fleet's
 * @param env     variables added to the fleet's env for this release
 */
public record AppVersion(List<String> command, Map<String, String> env) {
    public AppVersion {
        command = List.copyOf(command);
        env = Map.copyOf(env);
    }

    /** The releases the reference app knows without a {@code fleet.versions} entry. */
    public static Map<String, AppVersion> referenceAppVersions() {
        return Map.of(
                "v1", new AppVersion(List.of(), Map.of()),
                "v2", new AppVersion(List.of(), Map.of()),
                "v3", new AppVersion(List.of(), Map.of()),
                "v2-unhealthy", new AppVersion(List.of(), Map.of("APP_FAULT", "unhealthy")),
                "v2-errors", new AppVersion(List.of(), Map.of("APP_FAULT", "errors")),
                "v2-slow-start", new AppVersion(List.of(), Map.of("APP_FAULT", "slow-start",
                        "APP_START_DELAY", "20s")));
    }
}
