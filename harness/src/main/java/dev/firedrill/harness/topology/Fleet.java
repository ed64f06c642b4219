package dev.firedrill.harness.topology;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Stateless app instances, spread round-robin over {@code subnets} (hence AZs), registered with the ALB.
 *
 * @param count       how many instances start (the Auto Scaling group's desired capacity when there is one)
 * @param autoScaling the fleet as an Auto Scaling group, or null for a fixed fleet nobody replaces
 * @param version     the release the fleet starts with (every instance gets {@code APP_VERSION})
 * @param versions    releases a deployment can roll out, by name, besides the reference app's own
 *                    ({@link AppVersion#referenceAppVersions()})
 */
public record Fleet(String name, int count, List<String> subnets, String securityGroup, AppSpec app,
                    AutoScaling autoScaling, String version, Map<String, AppVersion> versions) {
    public static final String DEFAULT_VERSION = "v1";

    public Fleet {
        subnets = List.copyOf(subnets);
        version = version == null ? DEFAULT_VERSION : version;
        versions = Map.copyOf(versions == null ? Map.of() : versions);
    }

    /** A fixed fleet running version {@value #DEFAULT_VERSION}. */
    public Fleet(String name, int count, List<String> subnets, String securityGroup, AppSpec app) {
        this(name, count, subnets, securityGroup, app, null, DEFAULT_VERSION, Map.of());
    }

    /** Every release a deployment can name: the declared ones, the reference app's, and the starting version. */
    public Map<String, AppVersion> releases() {
        Map<String, AppVersion> all = new TreeMap<>();
        if (app != null && app.isReferenceApp()) {
            all.putAll(AppVersion.referenceAppVersions());
        }
        all.putAll(versions);
        all.putIfAbsent(version, new AppVersion(List.of(), Map.of()));
        return all;
    }

    /** What an instance of {@code release} runs: the fleet's app with the release's command and env. */
    public Optional<AppSpec> appOf(String release) {
        AppVersion v = releases().get(Objects.requireNonNull(release, "release"));
        if (v == null) {
            return Optional.empty();
        }
        Map<String, String> env = new TreeMap<>(app.env());
        env.putAll(v.env());
        env.put("APP_VERSION", release);
        return Optional.of(new AppSpec(v.command().isEmpty() ? app.command() : v.command(), env, app.workingDir(),
                app.image()));
    }

    /** "v1, v2, ..." for error messages. */
    public String releaseNames() {
        return String.join(", ", new TreeSet<>(releases().keySet()));
    }

    public Fleet withAutoScaling(AutoScaling a) {
        return new Fleet(name, count, subnets, securityGroup, app, a, version, versions);
    }
}
