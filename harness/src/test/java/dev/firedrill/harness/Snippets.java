package dev.firedrill.harness;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Keeps the Java code of the Markdown docs compiled. A test source marks a region with a line
 * {@code // snippet:start NAME} and a line {@code // snippet:end NAME} (the marker lines are not part of it;
 * regions may nest). In Markdown, a fenced {@code java} block whose nearest preceding non-blank line is the HTML
 * comment {@code <!-- snippet: NAME -->} must equal that region, dedented to its smallest indent, trailing
 * whitespace and leading/trailing blank lines ignored. Every {@code java} block needs a marker; a fragment that
 * cannot compile on its own says {@code <!-- snippet: none (why) -->}. Pure string work: callers read the files.
 */
final class Snippets {
    private static final Pattern START = Pattern.compile("^\\s*//\\s*snippet:start\\s+(\\S+)\\s*$");
    private static final Pattern END = Pattern.compile("^\\s*//\\s*snippet:end\\s+(\\S+)\\s*$");
    private static final Pattern MARKER = Pattern.compile("^\\s*<!--\\s*snippet:\\s*(.*?)\\s*-->\\s*$");
    private static final Pattern NONE = Pattern.compile("none(?:\\s*\\((.*)\\))?");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]+");
    private static final Pattern FENCE = Pattern.compile("^(\\s*)(`{3,}|~{3,})(.*)$");

    private Snippets() {
    }

    /** A region of a source file: its dedented lines and, for each, its line number (1-based) in the file. */
    record Region(String name, String file, int startLine, int endLine, List<String> lines, List<Integer> sourceLines) {
        String where() {
            return file + ":" + startLine;
        }
    }

    /**
     * A fenced {@code java} block of a Markdown file. {@code marker} is the text of its snippet comment (a name,
     * or {@code none (...)}), null when it has none; {@code fenceLine} is the 1-based line of the opening fence.
     */
    record Block(String file, int fenceLine, String marker, List<String> lines) {
        String where() {
            return file + ":" + fenceLine;
        }
    }

    /** The regions of every source and the problems found while reading them (unclosed, duplicate, ...). */
    static final class Sources {
        final Map<String, Region> regions = new LinkedHashMap<>();
        final List<String> problems = new ArrayList<>();

        /** Adds the regions of one source file; {@code file} is the name used in messages. */
        Sources add(String file, String text) {
            List<String> lines = text.lines().toList();
            Map<String, Integer> open = new LinkedHashMap<>();
            Map<String, List<String>> body = new LinkedHashMap<>();
            Map<String, List<Integer>> numbers = new LinkedHashMap<>();
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i);
                int n = i + 1;
                Matcher start = START.matcher(line);
                Matcher end = END.matcher(line);
                if (start.matches()) {
                    String name = start.group(1);
                    if (open.containsKey(name)) {
                        problems.add(file + ":" + n + ": snippet '" + name + "' starts again before its end (opened at line "
                                + open.get(name) + ")");
                    } else {
                        open.put(name, n);
                        body.put(name, new ArrayList<>());
                        numbers.put(name, new ArrayList<>());
                    }
                } else if (end.matches()) {
                    String name = end.group(1);
                    Integer from = open.remove(name);
                    if (from == null) {
                        problems.add(file + ":" + n + ": '// snippet:end " + name + "' without a '// snippet:start "
                                + name + "' above it");
                        continue;
                    }
                    define(new Region(name, file, from, n, body.remove(name), numbers.remove(name)));
                } else {
                    for (String name : open.keySet()) {
                        body.get(name).add(line);
                        numbers.get(name).add(n);
                    }
                }
            }
            open.forEach((name, from) -> problems.add(file + ":" + from + ": snippet '" + name
                    + "' is never ended: add '// snippet:end " + name + "'"));
            return this;
        }

        private void define(Region raw) {
            Region r = dedent(raw);
            if (r.lines().isEmpty()) {
                problems.add(r.where() + ": snippet '" + r.name() + "' is empty");
            }
            Region earlier = regions.putIfAbsent(r.name(), r);
            if (earlier != null) {
                problems.add(r.where() + ": snippet '" + r.name() + "' is also defined at " + earlier.where()
                        + "; snippet names must be unique across all sources");
            }
        }
    }

    /** Trailing whitespace off, leading/trailing blank lines off, the smallest indent of the other lines off. */
    static Region dedent(Region r) {
        List<String> lines = new ArrayList<>();
        List<Integer> numbers = new ArrayList<>(r.sourceLines());
        for (String l : r.lines()) {
            lines.add(l.stripTrailing());
        }
        trimBlankEnds(lines, numbers);
        int indent = Integer.MAX_VALUE;
        for (String l : lines) {
            if (!l.isEmpty()) {
                indent = Math.min(indent, l.length() - l.stripLeading().length());
            }
        }
        List<String> out = new ArrayList<>();
        for (String l : lines) {
            out.add(l.isEmpty() ? l : l.substring(indent));
        }
        return new Region(r.name(), r.file(), r.startLine(), r.endLine(), List.copyOf(out), List.copyOf(numbers));
    }

    private static void trimBlankEnds(List<String> lines, List<Integer> numbers) {
        while (!lines.isEmpty() && lines.get(0).isBlank()) {
            lines.remove(0);
            numbers.remove(0);
        }
        while (!lines.isEmpty() && lines.get(lines.size() - 1).isBlank()) {
            lines.remove(lines.size() - 1);
            numbers.remove(numbers.size() - 1);
        }
    }

    /** The Markdown file's {@code java} blocks; problems (a stray marker, an unclosed fence) go to {@code problems}. */
    static List<Block> javaBlocks(String file, String markdown, List<String> problems) {
        List<String> lines = markdown.lines().toList();
        List<Block> blocks = new ArrayList<>();
        String pending = null;
        int pendingLine = 0;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            Matcher marker = MARKER.matcher(line);
            Matcher fence = FENCE.matcher(line);
            if (marker.matches()) {
                if (pending != null) {
                    problems.add(file + ":" + pendingLine + ": '<!-- snippet: " + pending
                            + " -->' is not followed by a ```java block");
                }
                pending = marker.group(1);
                pendingLine = i + 1;
            } else if (fence.matches()) {
                String indent = fence.group(1);
                String ticks = fence.group(2);
                String info = fence.group(3).trim();
                String lang = info.isEmpty() ? "" : info.split("\\s+")[0];
                int open = i;
                List<String> content = new ArrayList<>();
                boolean closed = false;
                for (i++; i < lines.size(); i++) {
                    String l = lines.get(i);
                    String t = l.strip();
                    if (t.startsWith(ticks) && t.chars().allMatch(c -> c == ticks.charAt(0))) {
                        closed = true;
                        break;
                    }
                    content.add(unindent(l, indent.length()));
                }
                boolean java = lang.equalsIgnoreCase("java");
                if (!closed) {
                    problems.add(file + ":" + (open + 1) + ": the fence " + ticks + lang + " is never closed");
                }
                if (java) {
                    blocks.add(new Block(file, open + 1, pending, List.copyOf(content)));
                } else if (pending != null) {
                    problems.add(file + ":" + pendingLine + ": '<!-- snippet: " + pending + " -->' is followed by a "
                            + (lang.isEmpty() ? "plain" : lang) + " block, not a ```java block");
                }
                pending = null;
            } else if (!line.isBlank() && pending != null) {
                problems.add(file + ":" + pendingLine + ": '<!-- snippet: " + pending
                        + " -->' is not followed by a ```java block (the marker must be the last non-blank line"
                        + " before the fence)");
                pending = null;
            }
        }
        if (pending != null) {
            problems.add(file + ":" + pendingLine + ": '<!-- snippet: " + pending
                    + " -->' is not followed by a ```java block");
        }
        return blocks;
    }

    private static String unindent(String line, int n) {
        int k = 0;
        while (k < n && k < line.length() && line.charAt(k) == ' ') {
            k++;
        }
        return line.substring(k);
    }

    /** Checks every block against the regions; returns one message per problem (empty: all in sync). */
    static List<String> check(List<Block> blocks, Sources sources, String searched) {
        List<String> problems = new ArrayList<>();
        for (Block b : blocks) {
            if (b.marker() == null) {
                problems.add(b.where() + ": ```java block without a snippet marker. Every Java block of the docs is"
                        + " compiled: put the code in a test source between '// snippet:start NAME' and"
                        + " '// snippet:end NAME' and add '<!-- snippet: NAME -->' on the line before the fence"
                        + " (a fragment that cannot compile alone: '<!-- snippet: none (why) -->')");
                continue;
            }
            Matcher none = NONE.matcher(b.marker());
            if (none.matches()) {
                if (none.group(1) == null || none.group(1).isBlank()) {
                    problems.add(b.where() + ": '<!-- snippet: none -->' needs a reason: '<!-- snippet: none (why"
                            + " this fragment cannot compile) -->'");
                }
                continue;
            }
            if (!NAME.matcher(b.marker()).matches()) {
                problems.add(b.where() + ": '" + b.marker() + "' is not a snippet name (letters, digits, '.', '_', '-')");
                continue;
            }
            Region r = sources.regions.get(b.marker());
            if (r == null) {
                problems.add(b.where() + ": ```java block names snippet '" + b.marker() + "', which no source defines"
                        + " (searched " + searched + "; defined: " + sources.regions.keySet() + "). Add"
                        + " '// snippet:start " + b.marker() + "' / '// snippet:end " + b.marker()
                        + "' around the compiled code, or fix the name");
                continue;
            }
            String diff = firstDifference(b, r);
            if (diff != null) {
                problems.add(diff);
            }
        }
        return problems;
    }

    /** Null when the block equals the region, else a message naming the first differing line and the fix. */
    static String firstDifference(Block b, Region r) {
        List<String> block = new ArrayList<>();
        List<Integer> blockLines = new ArrayList<>();
        for (int i = 0; i < b.lines().size(); i++) {
            block.add(b.lines().get(i).stripTrailing());
            blockLines.add(b.fenceLine() + 1 + i);
        }
        trimBlankEnds(block, blockLines);
        List<String> source = r.lines();
        int n = Math.max(block.size(), source.size());
        for (int i = 0; i < n; i++) {
            String md = i < block.size() ? block.get(i) : null;
            String src = i < source.size() ? source.get(i) : null;
            if (md != null && md.equals(src)) {
                continue;
            }
            String mdWhere = md != null ? b.file() + ":" + blockLines.get(i) : b.file() + " (after the block's last line)";
            String srcWhere = src != null ? r.file() + ":" + r.sourceLines().get(i) : r.file() + " (after the region's end)";
            return b.where() + ": ```java block 'snippet: " + r.name() + "' differs from its compiled source "
                    + r.where() + ", first at line " + (i + 1) + " of the block:\n"
                    + "    - " + mdWhere + ": " + (md != null ? "|" + md + "|" : "<no line>") + "\n"
                    + "    + " + srcWhere + ": " + (src != null ? "|" + src + "|" : "<no line>") + "\n"
                    + "  Fix: copy the region from " + r.file() + ":" + (r.startLine() + 1) + "-" + (r.endLine() - 1)
                    + " (dedented) into the block of " + b.where() + ", or change the source if the doc is right.";
        }
        return null;
    }
}
