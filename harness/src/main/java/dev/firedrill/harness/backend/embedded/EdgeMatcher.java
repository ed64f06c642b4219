package dev.firedrill.harness.backend.embedded;

import dev.firedrill.harness.topology.ComponentKind;
import dev.firedrill.harness.topology.ComponentSpec;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Tells which group names an end of a link belongs to, so faults can name edges by component
 * ({@code app-1}, {@code db-primary}), tier ({@code alb}, {@code app}, {@code db}, {@code redis},
 * {@code sqs}, {@code client}) or AZ ({@code us-east-1a}). The virtual endpoints {@code db-writer} and
 * {@code db-reader} belong to tier {@code db} and to the servers (and AZs) behind them right now.
 */
final class EdgeMatcher {
    private final Map<String, ComponentSpec> specs;
    private final String primary;
    private final List<String> replicas;

    EdgeMatcher(Map<String, ComponentSpec> specs, String primary, List<String> replicas) {
        this.specs = specs;
        this.primary = primary;
        this.replicas = replicas;
    }

    /** Every group name {@code end} (a link's source or target) belongs to. */
    Set<String> groups(String end) {
        Set<String> g = new HashSet<>();
        g.add(end);
        switch (end) {
            case "db-writer" -> {
                g.add("db");
                addComponent(g, primary);
            }
            case "db-reader" -> {
                g.add("db");
                if (replicas.isEmpty()) {
                    addComponent(g, primary);
                }
                replicas.forEach(r -> addComponent(g, r));
            }
            case EmbeddedDeployment.CLIENT -> g.add("client");
            default -> addComponent(g, end);
        }
        return g;
    }

    private void addComponent(Set<String> g, String name) {
        if (name == null) {
            return;
        }
        g.add(name);
        ComponentSpec c = specs.get(name);
        if (c == null) {
            return;
        }
        g.add(tier(c.kind()));
        if (c.az() != null) {
            g.add(c.az());
        }
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

    /** Whether {@code linkName} ({@code source_target}) goes from a member of {@code from} to a member of {@code to}. */
    boolean matches(String linkName, List<String> from, List<String> to) {
        int i = linkName.indexOf('_');
        Set<String> s = groups(linkName.substring(0, i));
        Set<String> t = groups(linkName.substring(i + 1));
        return from.stream().anyMatch(s::contains) && to.stream().anyMatch(t::contains);
    }

    /** Every group name known (for error messages). */
    Set<String> known() {
        Set<String> k = new HashSet<>(List.of("alb", "app", "db", "redis", "sqs", "client", "db-writer", "db-reader"));
        for (ComponentSpec c : specs.values()) {
            k.add(c.name());
            if (c.az() != null) {
                k.add(c.az());
            }
        }
        return k;
    }
}
