package dev.firedrill.harness.fault;

import dev.firedrill.harness.FaultException;
import dev.firedrill.harness.internal.YamlFields;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Resolves the edge targets of network faults to {@link Edge}s: {@code FROM->TO} and {@code SIDE_A|SIDE_B} with
 * comma-separated component, tier or AZ names on each side (see {@link EdgeMatcher}). For compatibility the
 * embedded backend's link names are accepted too ({@code app-1_db-writer}, or a glob such as
 * {@code app-*_db-writer}): an edge's link name is {@code source_target}. Pure: the same answer before a
 * deployment exists and while it runs. An unknown name is an error with a suggestion.
 */
final class EdgeResolver {
    private final EdgeMatcher matcher;
    private final List<Edge> edges;

    EdgeResolver(Targets targets) {
        this.matcher = new EdgeMatcher(targets);
        this.edges = targets.edges();
    }

    /** The edges of a toxic fault's {@code edges}; never empty. */
    List<Edge> edges(String written) {
        if (written.contains("->")) {
            String[] sides = written.split("->", 2);
            List<String> from = side(sides[0]);
            List<String> to = side(sides[1]);
            requireKnown(from, to, "->");
            List<Edge> found = match(from, to);
            if (found.isEmpty()) {
                String reverse = match(to, from).isEmpty() ? null : written(to, "->", from);
                throw noEdge(written, reverse);
            }
            return found;
        }
        // an embedded link name or a glob over link names (source_target)
        EdgeMatcher.Glob glob = EdgeMatcher.glob(written.trim());
        List<Edge> found = edges.stream().filter(e -> glob.matchesName(linkName(e))).toList();
        if (found.isEmpty()) {
            String hint = YamlFields.closest(written, Set.copyOf(edges.stream().map(EdgeResolver::linkName).toList()));
            if (hint != null) {
                hint = hint.replaceFirst("_", "->");
            }
            throw noEdge(written, hint);
        }
        return found;
    }

    /** The edges a partition blocks (both directions unless one-way); never empty. */
    List<Edge> partition(Fault.Partition p) {
        requireKnown(p.from(), p.to(), "|");
        List<Edge> out = new ArrayList<>(match(p.from(), p.to()));
        if (!p.oneWay()) {
            match(p.to(), p.from()).stream().filter(e -> !out.contains(e)).forEach(out::add);
        }
        if (out.isEmpty()) {
            throw noEdge(written(p.from(), "|", p.to()), null);
        }
        return out;
    }

    /** Every edge whose source is in {@code from} and target in {@code to}. */
    List<Edge> match(List<String> from, List<String> to) {
        return edges.stream().filter(e -> matcher.matches(e, from, to)).toList();
    }

    EdgeMatcher matcher() {
        return matcher;
    }

    static String linkName(Edge e) {
        return e.source() + "_" + e.target();
    }

    /** Every name is a known component, tier or AZ; else an error suggesting the target with the closest name. */
    private void requireKnown(List<String> from, List<String> to, String separator) {
        Set<String> known = matcher.known();
        List<String> all = new ArrayList<>(from);
        all.addAll(to);
        for (String g : all) {
            if (!matcher.isKnown(g)) {
                String bare = g.startsWith("tier:") ? g.substring(5) : g.startsWith("az:") ? g.substring(3) : g;
                String hint = YamlFields.closest(bare, known);
                String fixed = hint == null ? null : written(replace(from, g, hint), separator, replace(to, g, hint));
                throw new FaultException("unknown component, tier or AZ '" + g + "' in '" + written(from, separator, to)
                        + "'" + (fixed != null ? "; did you mean '" + fixed + "'?" : "") + " Known: "
                        + String.join(", ", known));
            }
        }
    }

    private static String written(List<String> from, String separator, List<String> to) {
        return String.join(",", from) + separator + String.join(",", to);
    }

    private static List<String> replace(List<String> names, String bad, String good) {
        return names.stream().map(n -> n.equals(bad) ? good : n).toList();
    }

    private FaultException noEdge(String written, String hint) {
        return new FaultException("'" + written + "' matches no edge" + (hint != null ? "; did you mean '" + hint
                + "'?" : "") + " Edges: " + String.join(", ", edges.stream().map(Edge::toString).toList()));
    }

    private static List<String> side(String s) {
        return List.of(s.trim().split("\\s*,\\s*"));
    }
}
