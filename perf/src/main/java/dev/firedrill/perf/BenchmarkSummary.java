package dev.firedrill.perf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Turns {@code jmh.json} (JMH's JSON result) and {@code up.json} ({@link UpBenchmark}) into one markdown
 * summary: every figure is a median (SampleTime: of all samples; Throughput and SingleShotTime: of the
 * measurement iterations), next to its goal. Missing inputs show as "n/a".
 *
 * <p>Usage: {@code BenchmarkSummary <dir containing jmh.json and up.json>}; prints the table and writes
 * {@code summary.md} there.
 */
public final class BenchmarkSummary {
    private static final String LINK = "dev.firedrill.perf.LinkOverheadBenchmark.";
    private static final String ALB = "dev.firedrill.perf.AlbOverheadBenchmark.";
    private static final String CHECKERS = "dev.firedrill.perf.CheckerThroughputBenchmark.";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final JsonNode jmh;
    private final JsonNode up;

    BenchmarkSummary(JsonNode jmh, JsonNode up) {
        this.jmh = jmh;
        this.up = up;
    }

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args.length > 0 ? args[0] : "perf/target/benchmarks");
        String md = new BenchmarkSummary(read(dir.resolve("jmh.json")), read(dir.resolve("up.json"))).markdown();
        Files.writeString(dir.resolve("summary.md"), md);
        System.out.print(md);
    }

    private static JsonNode read(Path p) throws IOException {
        return Files.isRegularFile(p) ? JSON.readTree(p.toFile()) : JSON.missingNode();
    }

    String markdown() {
        StringBuilder b = new StringBuilder("# firedrill benchmarks\n\n");
        b.append("All figures are medians. ").append(machine()).append("\n\n");
        b.append("| Benchmark | direct | through firedrill | overhead | goal |\n|---|---:|---:|---:|---|\n");
        double d50 = percentile(LINK + "roundTrip1k", "direct", "50.0");
        double l50 = percentile(LINK + "roundTrip1k", "link", "50.0");
        row(b, "Link, 1 KB round trip, median (µs)", d50, l50, fmt("+%.1f µs", l50 - d50), "added ≤ 50 µs");
        double d99 = percentile(LINK + "roundTrip1k", "direct", "99.0");
        double l99 = percentile(LINK + "roundTrip1k", "link", "99.0");
        row(b, "Link, 1 KB round trip, p99 (µs)", d99, l99, fmt("+%.1f µs", l99 - d99), "—");
        double mb = LinkOverheadBenchmark.BULK_CHUNK / 1e6;
        double dBulk = percentile(LINK + "bulkWrite64k", "direct", "50.0") * mb;
        double lBulk = percentile(LINK + "bulkWrite64k", "link", "50.0") * mb;
        row(b, "Link, bulk 64 KB writes (MB/s)", dBulk, lBulk, fmt("%.2f×", lBulk / dBulk), "≥ 0.9×");
        double dAlb = percentile(ALB + "get", "direct", "50.0");
        double aAlb = percentile(ALB + "get", "alb", "50.0");
        row(b, "ALB, HTTP GET, 4 threads (req/s)", dAlb, aAlb, fmt("%.2f×", aAlb / dAlb), "—");
        double checkers = percentile(CHECKERS + "allStandardCheckers", null, "50.0");
        b.append(String.format(Locale.ROOT, "| Checkers, all standard, 1,000,000 operations (ms) | | %s | | ≤ 5000 ms |%n",
                num(checkers)));
        b.append("\n## Startup (embedded backend, binaries cached)\n\n");
        b.append("| Variant | components | min (ms) | median (ms) | max (ms) | close, median (ms) |\n"
                + "|---|---:|---:|---:|---:|---:|\n");
        for (JsonNode v : up.path("variants")) {
            b.append(String.format(Locale.ROOT, "| %s: %s | %d | %s | %s | %s | %s |%n", v.path("name").asText(),
                    v.path("description").asText(), v.path("components").asInt(), num(v.at("/up/min").asDouble(Double.NaN)),
                    num(v.at("/up/median").asDouble(Double.NaN)), num(v.at("/up/max").asDouble(Double.NaN)),
                    num(v.at("/close/median").asDouble(Double.NaN))));
        }
        if (up.has("cli")) {
            JsonNode c = up.path("cli");
            b.append(String.format(Locale.ROOT, "| cli: %s, JVM start → \"ready\" (%d run(s)) | | %s | %s | %s | exit %s |%n",
                    c.path("description").asText(), c.path("readyMs").size(), num(c.at("/ready/min").asDouble(Double.NaN)),
                    num(c.at("/ready/median").asDouble(Double.NaN)), num(c.at("/ready/max").asDouble(Double.NaN)),
                    num(c.at("/exit/median").asDouble(Double.NaN))));
        }
        if (up.isMissingNode()) {
            b.append("| (up.json not found) | | | | | |\n");
        }
        return b.toString();
    }

    private String machine() {
        if (up.has("cores")) {
            return String.format(Locale.ROOT, "Measured on %s, %d cores, Java %s.", up.path("date").asText(),
                    up.path("cores").asInt(), up.path("java").asText());
        }
        return "";
    }

    private static void row(StringBuilder b, String what, double direct, double through, String overhead, String goal) {
        boolean known = !Double.isNaN(direct) && !Double.isNaN(through);
        b.append("| ").append(what).append(" | ").append(num(direct)).append(" | ").append(num(through)).append(" | ")
                .append(known ? overhead : "n/a").append(" | ").append(goal).append(" |\n");
    }

    /** The percentile of the primary metric of {@code benchmark} with {@code path} param (null: any), or NaN. */
    private double percentile(String benchmark, String path, String percentile) {
        for (JsonNode r : jmh) {
            if (r.path("benchmark").asText().equals(benchmark)
                    && (path == null || r.at("/params/path").asText().equals(path))) {
                JsonNode pct = r.path("primaryMetric").path("scorePercentiles").path(percentile);
                return pct.isNumber() ? pct.asDouble() : r.at("/primaryMetric/score").asDouble(Double.NaN);
            }
        }
        return Double.NaN;
    }

    private static String num(double v) {
        if (Double.isNaN(v)) {
            return "n/a";
        }
        return v >= 100 ? String.format(Locale.ROOT, "%,.0f", v) : String.format(Locale.ROOT, "%.1f", v);
    }

    private static String fmt(String pattern, double v) {
        return String.format(Locale.ROOT, pattern, v);
    }
}
