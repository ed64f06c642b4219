package dev.firedrill.perf;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Compares a baseline and an under-fault Gatling run: throughput, failed %, latency p50/p95/p99/max, read from
 * the "All Requests" row of each run's index.html (Gatling 3.15 writes no stats.json and a binary
 * simulation.log), and writes {@code load-summary.md}.
 *
 * <pre>
 * java -cp ... dev.firedrill.perf.LoadSummary OUT_DIR BASELINE_RUN_DIR UNDER_FAULT_RUN_DIR ["fault description"]
 * </pre>
 */
public final class LoadSummary {
    private static final Pattern HEADER = Pattern.compile("<th[^>]*id=\"(col-\\d+)\"[^>]*>(.*?)</th>", Pattern.DOTALL);
    private static final Pattern CELL = Pattern.compile("<td class=\"value [a-z]+ (col-\\d+)\">([^<]*)</td>");
    private static final String[][] COLUMNS = {{"requests", "Total"}, {"failed", "KO"}, {"failed %", "% KO"},
        {"req/s", "Cnt/s"}, {"p50 ms", "50th pct"}, {"p95 ms", "95th pct"}, {"p99 ms", "99th pct"}, {"max ms", "Max"}};

    private LoadSummary() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 3) {
            System.err.println("usage: LoadSummary OUT_DIR BASELINE_RUN_DIR UNDER_FAULT_RUN_DIR [fault description]");
            System.exit(2);
        }
        Path out = Path.of(args[0]);
        Map<String, Double> base = globalStats(Path.of(args[1]));
        Map<String, Double> fault = globalStats(Path.of(args[2]));
        String md = markdown(args[1], base, args[2], fault, args.length > 3 ? args[3] : "");
        Files.createDirectories(out);
        Files.writeString(out.resolve("load-summary.md"), md, StandardCharsets.UTF_8);
        System.out.print(md);
    }

    /** Figures of the "All Requests" row, keyed by the labels of {@link #COLUMNS}. */
    static Map<String, Double> globalStats(Path runDir) throws IOException {
        Path index = runDir.resolve("index.html");
        if (!Files.isRegularFile(index)) {
            throw new IllegalArgumentException(index + " does not exist: did the Gatling run finish and generate its "
                    + "report? (look for 'Reports generated' in its log)");
        }
        String html = Files.readString(index, StandardCharsets.UTF_8);
        Map<String, String> colByHeader = new LinkedHashMap<>();
        Matcher h = HEADER.matcher(html);
        while (h.find()) {
            colByHeader.put(h.group(2).replaceAll("<[^>]+>", "").trim(), h.group(1));
        }
        int root = html.indexOf("<tr id=\"ROOT\"");
        int end = html.indexOf("</tr>", root);
        if (root < 0 || end < 0) {
            throw new IllegalArgumentException(index + " has no 'All Requests' row (tr id=ROOT); is it a Gatling 3.15 "
                    + "report?");
        }
        Map<String, String> cells = new LinkedHashMap<>();
        Matcher c = CELL.matcher(html.substring(root, end));
        while (c.find()) {
            cells.put(c.group(1), c.group(2).trim());
        }
        Map<String, Double> stats = new LinkedHashMap<>();
        for (String[] col : COLUMNS) {
            String id = colByHeader.get(col[1]);
            String v = id == null ? null : cells.get(id);
            if (v == null) {
                throw new IllegalArgumentException(index + ": no '" + col[1] + "' column in the statistics table; "
                        + "headers found: " + colByHeader.keySet());
            }
            stats.put(col[0], v.equals("-") ? Double.NaN : Double.parseDouble(v.replace(",", "")));
        }
        return stats;
    }

    static String markdown(String baseDir, Map<String, Double> base, String faultDir, Map<String, Double> fault,
                           String faultDescription) {
        StringBuilder b = new StringBuilder("## Load test: baseline vs under fault (Gatling, through the ALB)\n\n");
        if (!faultDescription.isBlank()) {
            b.append("Fault: ").append(faultDescription).append("\n\n");
        }
        b.append("| Run |");
        for (String[] col : COLUMNS) {
            b.append(' ').append(col[0]).append(" |");
        }
        b.append("\n|---|").append("---:|".repeat(COLUMNS.length)).append('\n');
        row(b, "baseline", base);
        row(b, "under fault", fault);
        b.append("| change |");
        for (String[] col : COLUMNS) {
            double x = base.get(col[0]);
            double y = fault.get(col[0]);
            b.append(' ').append(col[0].equals("failed %") ? String.format(Locale.ROOT, "%+.2f pt", y - x)
                    : x > 0 ? String.format(Locale.ROOT, "%.2f×", y / x) : "—").append(" |");
        }
        b.append("\n\nLatency: Gatling's response time of all requests (ok and failed), request sent → response "
                + "received; open model (arrivals on schedule), so a slow period is not hidden by coordinated "
                + "omission.\n\nGatling reports: ").append(baseDir).append("/index.html, ").append(faultDir)
                .append("/index.html\n");
        return b.toString();
    }

    private static void row(StringBuilder b, String name, Map<String, Double> s) {
        b.append("| ").append(name).append(" |");
        for (String[] col : COLUMNS) {
            double v = s.get(col[0]);
            b.append(' ').append(Double.isNaN(v) ? "—" : v == Math.rint(v) ? String.format(Locale.ROOT, "%,.0f", v)
                    : String.format(Locale.ROOT, "%,.2f", v)).append(" |");
        }
        b.append('\n');
    }
}
