package dev.firedrill.harness.backend.embedded;

import dev.firedrill.harness.FaultException;
import dev.firedrill.harness.fault.Fault;
import dev.firedrill.harness.internal.YamlFields;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Resolves the edge targets of network faults ({@code app->db-writer}, {@code app|db}, a link name or glob)
 * to link names. Pure: the same answer before the deployment exists (from the topology's planned links,
 * see {@link FaultTargets}) and while it runs. An unknown name is an error with a suggestion.
 */
final class EdgeResolver {
    private final EdgeMatcher matcher;
    private final List<String> links;

    EdgeResolver(EdgeMatcher matcher, List<String> links) {
        this.matcher = matcher;
        this.links = List.copyOf(links);
    }

    /** The links of a toxic fault's {@code edges}; never empty. */
    List<String> edgeLinks(String edges) {
        if (edges.contains("->")) {
            String[] sides = edges.split("->", 2);
            List<String> from = side(sides[0]);
            List<String> to = side(sides[1]);
            requireKnown(from, to, edges, g -> String.join(",", replace(from, g)) + "->" + String.join(",", replace(to, g)));
            List<String> found = matchLinks(from, to);
            if (found.isEmpty()) {
                String reverse = matchLinks(to, from).isEmpty() ? null : String.join(",", to) + "->" + String.join(",", from);
                throw noLink(edges, reverse);
            }
            return found;
        }
        PathMatcher glob = FileSystems.getDefault().getPathMatcher("glob:" + edges);
        List<String> found = links.stream().filter(n -> glob.matches(Path.of(n))).toList();
        if (found.isEmpty()) {
            throw noLink(edges, YamlFields.closest(edges, Set.copyOf(links)));
        }
        return found;
    }

    /** The links a partition blocks (both directions unless one-way); never empty. */
    List<String> partitionLinks(Fault.Partition p) {
        requireKnown(p.from(), p.to(), String.join(",", p.from()) + "|" + String.join(",", p.to()),
                g -> String.join(",", replace(p.from(), g)) + "|" + String.join(",", replace(p.to(), g)));
        List<String> out = new ArrayList<>(matchLinks(p.from(), p.to()));
        if (!p.oneWay()) {
            matchLinks(p.to(), p.from()).stream().filter(n -> !out.contains(n)).forEach(out::add);
        }
        if (out.isEmpty()) {
            throw noLink(String.join(",", p.from()) + "|" + String.join(",", p.to()), null);
        }
        return out;
    }

    /** Every link whose source is in {@code from} and target in {@code to}. */
    List<String> matchLinks(List<String> from, List<String> to) {
        return links.stream().filter(n -> matcher.matches(n, from, to)).toList();
    }

    private void requireKnown(List<String> from, List<String> to, String written, UnaryOperator<String> suggestion) {
        Set<String> known = matcher.known();
        List<String> all = new ArrayList<>(from);
        all.addAll(to);
        for (String g : all) {
            if (!known.contains(g)) {
                String hint = YamlFields.closest(g, known);
                String fixed = hint == null ? null : suggestion.apply(g + "\u0000" + hint);
                throw new FaultException("unknown component, tier or AZ '" + g + "' in '" + written + "'"
                        + (fixed != null ? "; did you mean '" + fixed + "'?" : "") + " Known: "
                        + String.join(", ", known.stream().sorted().toList()));
            }
        }
    }

    /** The names with {@code "bad\0good"} applied. */
    private static List<String> replace(List<String> names, String badAndGood) {
        String[] bg = badAndGood.split("\u0000", 2);
        return names.stream().map(n -> n.equals(bg[0]) ? bg[1] : n).toList();
    }

    private FaultException noLink(String written, String hint) {
        return new FaultException("'" + written + "' matches no link" + (hint != null ? "; did you mean '" + hint
                + "'?" : "") + " Links: " + String.join(", ", links));
    }

    private static List<String> side(String s) {
        return List.of(s.trim().split("\\s*,\\s*"));
    }
}
