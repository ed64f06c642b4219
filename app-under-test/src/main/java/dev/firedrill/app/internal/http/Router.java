package dev.firedrill.app.internal.http;

import java.util.ArrayList;
import java.util.List;

/**
 * Maps method + path template ({@code /items/{id}}) to routes. Templates double as the metric label,
 * so a route's name never carries ids.
 */
public final class Router {
    /** A resolved route with its template and path parameters. */
    public record Match(String template, Route route, List<String> params) {
    }

    private record Entry(String method, String template, String[] segments, Route route) {
    }

    private final List<Entry> entries = new ArrayList<>();

    public Router add(String method, String template, Route route) {
        entries.add(new Entry(method, template, split(template), route));
        return this;
    }

    /**
     * @return the match, or throws 404 (no such path) / 405 (path exists, method does not)
     */
    public Match match(String method, String path) {
        String[] segments = split(path);
        boolean pathKnown = false;
        for (Entry e : entries) {
            List<String> params = matchSegments(e.segments, segments);
            if (params == null) {
                continue;
            }
            pathKnown = true;
            if (e.method.equals(method) || ("HEAD".equals(method) && "GET".equals(e.method))) {
                return new Match(e.template, e.route, params);
            }
        }
        if (pathKnown) {
            throw new ApiException(405, "method_not_allowed", method + " is not supported on " + path);
        }
        throw ApiException.notFound("no route for " + method + " " + path);
    }

    private static List<String> matchSegments(String[] template, String[] path) {
        if (template.length != path.length) {
            return null;
        }
        List<String> params = new ArrayList<>(1);
        for (int i = 0; i < template.length; i++) {
            if (template[i].startsWith("{")) {
                params.add(path[i]);
            } else if (!template[i].equals(path[i])) {
                return null;
            }
        }
        return params;
    }

    private static String[] split(String path) {
        String trimmed = path.startsWith("/") ? path.substring(1) : path;
        if (trimmed.endsWith("/")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        return trimmed.isEmpty() ? new String[0] : trimmed.split("/", -1);
    }
}
