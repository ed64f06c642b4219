package dev.firedrill.perf;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.firedrill.perf.internal.sidebyside.SideBySide;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * firedrill's proxies and boot beside the tools users know, on the same machine, in one run (run by
 * {@code perf/side-by-side.sh}, which installs nginx, HAProxy, socat, wrk and pgbench from Debian's packages):
 * <ul>
 *   <li>{@code http}: the ALB simulator vs nginx and HAProxy as reverse proxies in front of the same 3 nginx
 *       keep-alive backends, {@code wrk -t2 -c16} and {@code -c64}, in interleaved rounds (the order rotates each
 *       round); plus one backend directly. The ALB runs in a JVM of its own with the {@code firedrill} launcher's
 *       JVM flags (read from the script), as {@code firedrill up} runs it. With {@code --before-jar} another
 *       build of the harness runs as a second ALB variant, for a before/after in the same rounds;</li>
 *   <li>{@code tcp}: a link vs HAProxy ({@code mode tcp}) and socat in front of the same echo and sink servers:
 *       1 KB round trips (median, p99) and 64 KB bulk writes, and the same directly;</li>
 *   <li>{@code pgbench}: pgbench (TPC-B-like, 8 clients) straight to a PostgreSQL primary vs through a link;</li>
 *   <li>{@code boot}: {@code ./firedrill up --exit-when-ready} with the default topology (3 reference-app
 *       instances), one untimed warm-up run then N timed ones, then N more while {@code --boot-load} (default 4)
 *       shell busy loops compete for the cores (0: none);</li>
 *   <li>{@code memory}: PSS and RSS of {@code ./firedrill up}'s process tree once ready (default topology).</li>
 * </ul>
 * Ratios are taken per round (paired) and summarised as median (min–max). Results: {@code side-by-side.json}
 * and {@code side-by-side.md} in {@code --out}; {@code --update-readme} writes the markdown between the
 * {@code <!-- side-by-side:start -->} and {@code <!-- side-by-side:end -->} markers of perf/README.md.
 *
 * <p>Usage: {@code SideBySideBenchmark [--rounds 5] [--seconds 10] [--boot-runs 7] [--boot-load 4] [--only http,tcp,pgbench,boot,memory]
 * [--before-jar JAR --before-label LABEL] [--root DIR] [--out DIR] [--update-readme]}.
 */
public final class SideBySideBenchmark {
    private static final List<String> SECTIONS = List.of("http", "tcp", "pgbench", "boot", "memory");

    private SideBySideBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        SideBySide.Options o = new SideBySide.Options();
        Set<String> only = new LinkedHashSet<>(SECTIONS);
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--rounds" -> o.rounds = positive(args, ++i);
                case "--seconds" -> o.seconds = positive(args, ++i);
                case "--boot-runs" -> o.bootRuns = positive(args, ++i);
                case "--boot-load" -> o.bootLoad = nonNegative(args, ++i);
                case "--before-jar" -> o.beforeJar = Path.of(value(args, ++i));
                case "--before-label" -> o.beforeLabel = value(args, ++i);
                case "--root" -> o.root = Path.of(value(args, ++i));
                case "--out" -> o.out = Path.of(value(args, ++i));
                case "--update-readme" -> o.updateReadme = true;
                case "--only" -> {
                    only.clear();
                    for (String s : value(args, ++i).split(",")) {
                        if (!SECTIONS.contains(s.trim())) {
                            usage("unknown section '" + s + "' in --only; sections: " + String.join(",", SECTIONS));
                        }
                        only.add(s.trim());
                    }
                }
                case "-h", "--help" -> usage(null);
                default -> usage("unknown option '" + args[i] + "'");
            }
        }
        if (o.beforeJar != null && !o.beforeJar.toFile().isFile()) {
            usage("--before-jar " + o.beforeJar + " is not a file; build one with: git worktree add /tmp/old <commit> "
                    + "&& (cd /tmp/old && mvn -q package -DskipTests -pl harness)");
        }
        o.sections = only;
        Map<String, Object> result = new SideBySide(o).run();
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                .writeValue(o.out.resolve("side-by-side.json").toFile(), result);
        System.out.println("results: " + o.out.resolve("side-by-side.json") + ", " + o.out.resolve("side-by-side.md"));
    }

    private static int nonNegative(String[] args, int i) {
        String v = value(args, i);
        try {
            int n = Integer.parseInt(v);
            if (n >= 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // below
        }
        usage("option '" + args[i - 1] + "' needs a whole number ≥ 0, got '" + v + "'");
        return 0;
    }

    private static int positive(String[] args, int i) {
        String v = value(args, i);
        try {
            int n = Integer.parseInt(v);
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // below
        }
        usage("option '" + args[i - 1] + "' needs a positive whole number, got '" + v + "'");
        return 0;
    }

    private static String value(String[] args, int i) {
        if (i >= args.length) {
            usage("option '" + args[i - 1] + "' needs a value");
        }
        return args[i];
    }

    private static void usage(String error) {
        String text = "usage: SideBySideBenchmark [--rounds N] [--seconds N] [--boot-runs N] [--boot-load N] [--only "
                + String.join(",", SECTIONS) + "] [--before-jar JAR [--before-label LABEL]] [--root DIR] [--out DIR] "
                + "[--update-readme]";
        if (error == null) {
            System.out.println(text);
            System.exit(0);
        }
        System.err.println("error: " + error + "\n" + text);
        System.exit(2);
    }
}
