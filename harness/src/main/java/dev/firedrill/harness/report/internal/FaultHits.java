package dev.firedrill.harness.report.internal;

import dev.firedrill.harness.fault.Edge;
import dev.firedrill.harness.fault.Targets;
import dev.firedrill.harness.history.FaultWindow;
import dev.firedrill.harness.topology.ComponentKind;
import dev.firedrill.harness.topology.ComponentSpec;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What one fault of the history hit, in the picture's terms: components, edges ({@code app-1->db-writer}) and
 * AZs. Read from the nemesis event's {@code target}, which backends write as a comma list of component names
 * ({@code app-1,app-2}), edges ({@code app-1->db-writer}), link names ({@code app-1_db-writer}), AZs
 * ({@code us-east-1a}, {@code az:us-east-1a}) or partition sides ({@code app|db}: every edge between the two
 * groups, either way; a group is a component, a tier {@code alb app db redis sqs}, an AZ or a glob {@code app-*}).
 * Anything else is kept in {@link #unplaced()} so the report can say it could not draw it.
 */
public record FaultHits(Set<String> components, Set<String> edges, Set<String> azs, List<String> unplaced) {
    public FaultHits {
        components = Set.copyOf(components);
        edges = Set.copyOf(edges);
        azs = Set.copyOf(azs);
        unplaced = List.copyOf(unplaced);
    }

    /** True when nothing could be placed on the picture. */
    public boolean isEmpty() {
        return components.isEmpty() && edges.isEmpty() && azs.isEmpty();
    }

    public static FaultHits of(FaultWindow w, Targets t) {
        Set<String> comps = new LinkedHashSet<>();
        Set<String> edges = new LinkedHashSet<>();
        Set<String> azs = new LinkedHashSet<>();
        List<String> unplaced = new java.util.ArrayList<>();
        Set<String> edgeNames = new HashSet<>();
        t.edges().forEach(e -> edgeNames.add(e.toString()));
        String target = w.target() == null ? "" : w.target();
        for (String raw : target.split(",")) {
            String tok = raw.trim();
            if (tok.isEmpty()) {
                continue;
            }
            String az = tok.startsWith("az:") ? tok.substring(3) : tok;
            if (t.azs().contains(az)) {
                azs.add(az);
                if (w.kind().equals("az-outage")) {
                    continue;
                }
            } else if (tok.contains("->") && edgeNames.contains(tok)) {
                edges.add(tok);
            } else if (tok.contains("_") && edgeNames.contains(tok.replaceFirst("_", "->"))) {
                edges.add(tok.replaceFirst("_", "->"));
            } else if (tok.contains("|")) {
                String[] sides = tok.split("\\|", 2);
                int before = edges.size();
                for (Edge e : t.edges()) {
                    boolean ab = in(t, e.source(), sides[0]) && in(t, e.target(), sides[1]);
                    boolean ba = in(t, e.source(), sides[1]) && in(t, e.target(), sides[0]);
                    if ((ab || ba) && !e.source().equals(Edge.CLIENT)) {
                        edges.add(e.toString());
                    }
                }
                if (edges.size() == before) {
                    unplaced.add(tok);
                }
            } else if (t.component(tok).isPresent()) {
                comps.add(tok);
            } else if (tok.equals(Edge.DB_WRITER)) {
                t.primary().ifPresentOrElse(comps::add, () -> unplaced.add(raw));
            } else {
                unplaced.add(tok);
            }
        }
        if (w.kind().equals("az-outage")) {
            // an AZ outage also kills the instances there: mark them too
            for (ComponentSpec c : t.components()) {
                if (azs.contains(c.az()) && c.kind() == ComponentKind.APP_INSTANCE) {
                    comps.add(c.name());
                }
            }
        }
        return new FaultHits(comps, edges, azs, unplaced);
    }

    /** Whether the end {@code end} of an edge belongs to the group {@code group}. */
    static boolean in(Targets t, String end, String group) {
        String g = group.trim();
        if (g.startsWith("tier:")) {
            g = g.substring(5);
        }
        if (g.startsWith("az:")) {
            g = g.substring(3);
        }
        if (g.equals(end)) {
            return true;
        }
        if (g.contains("*") || g.contains("?")) {
            String regex = g.replace(".", "\\.").replace("*", ".*").replace("?", ".");
            return end.matches(regex);
        }
        List<String> servers = switch (end) {
            case Edge.DB_WRITER -> t.primary().stream().toList();
            case Edge.DB_READER -> t.replicas().isEmpty() ? t.primary().stream().toList() : t.replicas();
            default -> List.of(end);
        };
        if ((end.equals(Edge.DB_WRITER) || end.equals(Edge.DB_READER)) && g.equals("db")) {
            return true;
        }
        for (String s : servers) {
            if (s.equals(g)) {
                return true;
            }
            var c = t.component(s);
            if (c.isPresent() && (g.equals(c.get().az()) || g.equals(tier(c.get().kind())))) {
                return true;
            }
        }
        return false;
    }

    static String tier(ComponentKind k) {
        return switch (k) {
            case APP_INSTANCE -> "app";
            case DB_PRIMARY, DB_REPLICA -> "db";
            case CACHE -> "redis";
            case QUEUE -> "sqs";
            case LOAD_BALANCER -> "alb";
        };
    }
}
