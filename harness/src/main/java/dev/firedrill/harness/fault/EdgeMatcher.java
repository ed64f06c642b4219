package dev.firedrill.harness.fault;

import dev.firedrill.harness.topology.ComponentKind;
import dev.firedrill.harness.topology.ComponentSpec;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Tells which group names an end of an edge belongs to, so faults can name edges by component
 * ({@code app-1}, {@code db-primary}), tier ({@code alb}, {@code app}, {@code db}, {@code redis}, {@code sqs},
 * {@code client}, also written {@code tier:app}) or AZ ({@code us-east-1a}, also {@code az:us-east-1a}). The
 * endpoints {@code db-writer} and {@code db-reader} belong to tier {@code db} and to the servers (and AZs) behind
 * them right now. A name with {@code *} or {@code ?} is a glob over these names ({@code app-*}).
 */
final class EdgeMatcher {
    static final List<String> TIERS = List.of("alb", "app", "db", "redis", "sqs", "client");
    private final Targets targets;

    EdgeMatcher(Targets targets) {
        this.targets = targets;
    }

    /** Every group name {@code end} (an edge's source or target) belongs to. */
    Set<String> groups(String end) {
        Set<String> g = new HashSet<>();
        g.add(end);
        switch (end) {
            case Edge.DB_WRITER -> {
                tier(g, "db");
                targets.primary().ifPresent(p -> addComponent(g, p));
            }
            case Edge.DB_READER -> {
                tier(g, "db");
                if (targets.replicas().isEmpty()) {
                    targets.primary().ifPresent(p -> addComponent(g, p));
                }
                targets.replicas().forEach(r -> addComponent(g, r));
            }
            case Edge.CLIENT -> tier(g, "client");
            default -> addComponent(g, end);
        }
        return g;
    }

    private static void tier(Set<String> g, String tier) {
        g.add(tier);
        g.add("tier:" + tier);
    }

    private void addComponent(Set<String> g, String name) {
        g.add(name);
        targets.component(name).ifPresent(c -> {
            tier(g, tier(c.kind()));
            if (c.az() != null) {
                g.add(c.az());
                g.add("az:" + c.az());
            }
        });
    }

    static String tier(ComponentKind kind) {
        return switch (kind) {
            case DB_PRIMARY, DB_REPLICA -> "db";
            case CACHE -> "redis";
            case QUEUE -> "sqs";
            case APP_INSTANCE -> "app";
            case LOAD_BALANCER -> "alb";
        };
    }

    /** Whether {@code e} goes from a member of {@code from} to a member of {@code to}. */
    boolean matches(Edge e, List<String> from, List<String> to) {
        return member(groups(e.source()), from) && member(groups(e.target()), to);
    }

    private static boolean member(Set<String> groups, List<String> names) {
        for (String n : names) {
            if (isGlob(n) ? groups.stream().anyMatch(glob(n)::matchesName) : groups.contains(n)) {
                return true;
            }
        }
        return false;
    }

    static boolean isGlob(String name) {
        return name.contains("*") || name.contains("?");
    }

    static Glob glob(String pattern) {
        return new Glob(FileSystems.getDefault().getPathMatcher("glob:" + pattern));
    }

    record Glob(PathMatcher m) {
        boolean matchesName(String s) {
            return !s.contains("/") && m.matches(Path.of(s));
        }
    }

    /** Every group name known (for checks and error messages), without the {@code tier:}/{@code az:} spellings. */
    Set<String> known() {
        Set<String> k = new TreeSet<>(TIERS);
        k.add(Edge.DB_WRITER);
        k.add(Edge.DB_READER);
        for (ComponentSpec c : targets.components()) {
            k.add(c.name());
            if (c.az() != null) {
                k.add(c.az());
            }
        }
        k.addAll(targets.azs());
        return k;
    }

    /** Whether {@code name} (possibly {@code tier:x}, {@code az:x} or a glob) names something known. */
    boolean isKnown(String name) {
        Set<String> k = known();
        if (name.startsWith("tier:")) {
            return TIERS.contains(name.substring(5));
        }
        if (name.startsWith("az:")) {
            return k.contains(name.substring(3)) && !TIERS.contains(name.substring(3));
        }
        if (isGlob(name)) {
            Glob g = glob(name);
            return k.stream().anyMatch(g::matchesName);
        }
        return k.contains(name);
    }
}
