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
            requireKnown(from, to, "->");
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
        requireKnown(p.from(), p.to(), "|");
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

    /** Every name is a known component, tier or AZ; else an error suggesting the target with the closest name. */
    private void requireKnown(List<String> from, List<String> to, String separator) {
        Set<String> known = matcher.known();
        List<String> all = new ArrayList<>(from);
        all.addAll(to);
        for (String g : all) {
            if (!known.contains(g)) {
                String hint = YamlFields.closest(g, known);
                String fixed = hint == null ? null : written(replace(from, g, hint), separator, replace(to, g, hint));
                throw new FaultException("unknown component, tier or AZ '" + g + "' in '" + written(from, separator, to)
                        + "'" + (fixed != null ? "; did you mean '" + fixed + "'?" : "") + " Known: "
                        + String.join(", ", known.stream().sorted().toList()));
            }
        }
    }

    private static String written(List<String> from, String separator, List<String> to) {
        return String.join(",", from) + separator + String.join(",", to);
    }

    private static List<String> replace(List<String> names, String bad, String good) {
        return names.stream().map(n -> n.equals(bad) ? good : n).toList();
    }

    private FaultException noLink(String written, String hint) {
        return new FaultException("'" + written + "' matches no link" + (hint != null ? "; did you mean '" + hint
                + "'?" : "") + " Links: " + String.join(", ", links));
    }

    private static List<String> side(String s) {
        return List.of(s.trim().split("\\s*,\\s*"));
    }
}
