package dev.firedrill.harness.backend.embedded;

import dev.firedrill.harness.TopologyException;
import dev.firedrill.harness.internal.YamlFields;
import dev.firedrill.harness.topology.ComponentKind;
import dev.firedrill.harness.topology.ComponentSpec;
import dev.firedrill.harness.topology.SecurityGroupRules;
import dev.firedrill.harness.topology.Topology;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * What the embedded backend can tell about a topology on this machine before starting anything: the
 * fleet's command exists (an executable file, or a name on {@code PATH}), and the security groups let
 * the app reach its database and the replicas stream from the primary (without those rules every
 * deploy fails once the app's health checks time out). {@code validate}, {@code up} and {@code run}
 * check it first.
 */
public final class Preflight {
    private Preflight() {
    }

    /** Throws a {@link TopologyException} naming every problem, each with its path in the file and its fix. */
    public static void require(Topology t, String pathPrefix) {
        List<String> problems = problems(t, pathPrefix, System.getenv().getOrDefault("PATH", "/usr/bin:/bin"),
                Path.of("").toAbsolutePath());
        if (!problems.isEmpty()) {
            throw new TopologyException("", String.join("\n  ", problems));
        }
    }

    /** The problems, one line each ({@code fleet.app.command[0]: ...}); empty when the topology can start here. */
    static List<String> problems(Topology t, String pathPrefix, String searchPath, Path workDir) {
        List<String> out = new ArrayList<>();
        if (t.fleet() != null && t.fleet().count() > 0 && t.fleet().app().image() != null
                && t.fleet().app().command().isEmpty()) {
            out.add(pathPrefix + "fleet.app.image: '" + t.fleet().app().image() + "' is a container image; the "
                    + "embedded backend runs processes: run it with --backend containers (Docker), or give "
                    + "fleet.app.command to run it here");
        } else if (t.fleet() != null && t.fleet().count() > 0 && !t.fleet().app().isReferenceApp()) {
            Path dir = t.fleet().app().workingDir() == null ? workDir : t.fleet().app().workingDir();
            command(t.fleet().app().command().get(0), searchPath, dir)
                    .ifPresent(p -> out.add(pathPrefix + "fleet.app.command[0]: " + p));
        }
        SecurityGroupRules rules = new SecurityGroupRules(t);
        List<ComponentSpec> db = t.components().stream()
                .filter(c -> c.kind() == ComponentKind.DB_PRIMARY || c.kind() == ComponentKind.DB_REPLICA).toList();
        Optional<ComponentSpec> primary = db.stream().filter(c -> c.kind() == ComponentKind.DB_PRIMARY).findFirst();
        Set<String> reported = new HashSet<>();
        for (ComponentSpec c : t.components()) {
            if (c.kind() == ComponentKind.APP_INSTANCE) {
                for (ComponentSpec d : db) {
                    // one line per missing rule, not per instance: the fix is the same
                    rules.missingRule(c, d).filter(r -> reported.add(c.securityGroup() + ">" + d.securityGroup()))
                            .ifPresent(r -> out.add(pathPrefix + "securityGroups: the app cannot reach the database: "
                                    + r));
                }
            } else if (c.kind() == ComponentKind.DB_REPLICA && primary.isPresent()) {
                rules.missingRule(c, primary.get()).ifPresent(r -> out.add(pathPrefix
                        + "securityGroups: the replica cannot stream from the primary: " + r));
            }
        }
        return out;
    }

    /** Why {@code exe} cannot be started, or empty. */
    static Optional<String> command(String exe, String searchPath, Path workDir) {
        if (exe.contains("/")) {
            Path p = workDir.resolve(exe);
            if (!Files.exists(p)) {
                return Optional.of("'" + exe + "' does not exist (relative paths are resolved against " + workDir
                        + ", the fleet's working directory: fleet.app.workingDir, by default the topology file's)");
            }
            if (Files.isDirectory(p) || !Files.isExecutable(p)) {
                return Optional.of("'" + exe + "' is not an executable file" + (Files.isDirectory(p) ? " (a directory)"
                        : "; make it one with chmod +x " + exe + ", or name its interpreter first, e.g. [sh, " + exe + "]"));
            }
            return Optional.empty();
        }
        Set<String> names = new HashSet<>();
        for (String dir : searchPath.split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            if (Files.isExecutable(Path.of(dir, exe)) && !Files.isDirectory(Path.of(dir, exe))) {
                return Optional.empty();
            }
            try (Stream<Path> s = Files.list(Path.of(dir))) {
                s.forEach(f -> names.add(f.getFileName().toString()));
            } catch (Exception e) {
                // an unreadable PATH entry: nothing to suggest from it
            }
        }
        String hint = YamlFields.closest(exe, names);
        return Optional.of("'" + exe + "' is not on PATH (" + searchPath + ")" + (hint != null ? "; did you mean '"
                + hint + "'?" : "; install it, or give its full path"));
    }
}
