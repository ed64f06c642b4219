package dev.firedrill.perf.internal.sidebyside;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One {@code wrk --latency} run and what it printed: requests per second, median and p99 latency, errors. */
record Wrk(double reqPerSec, double p50Ms, double p99Ms, long non2xx, long socketErrors) {
    private static final Pattern RPS = Pattern.compile("Requests/sec:\\s+([0-9.]+)");
    private static final Pattern NON2XX = Pattern.compile("Non-2xx or 3xx responses:\\s+(\\d+)");
    private static final Pattern ERRORS = Pattern.compile(
            "Socket errors: connect (\\d+), read (\\d+), write (\\d+), timeout (\\d+)");

    static Wrk run(int port, int connections, int seconds) throws IOException, InterruptedException {
        List<String> cmd = List.of("wrk", "-t2", "-c" + connections, "-d" + seconds + "s", "--latency",
                "http://127.0.0.1:" + port + "/");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(seconds + 30L, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IllegalStateException("wrk failed: " + String.join(" ", cmd) + "\n" + out);
        }
        return parse(out);
    }

    static Wrk parse(String out) {
        Matcher rps = RPS.matcher(out);
        if (!rps.find()) {
            throw new IllegalStateException("no Requests/sec in wrk's output:\n" + out);
        }
        Matcher non2xx = NON2XX.matcher(out);
        Matcher errors = ERRORS.matcher(out);
        long socketErrors = 0;
        if (errors.find()) {
            for (int g = 1; g <= 4; g++) {
                socketErrors += Long.parseLong(errors.group(g));
            }
        }
        return new Wrk(Double.parseDouble(rps.group(1)), percentile(out, "50%"), percentile(out, "99%"),
                non2xx.find() ? Long.parseLong(non2xx.group(1)) : 0, socketErrors);
    }

    /** A row of wrk's "Latency Distribution", e.g. {@code 99%    2.10ms}, in milliseconds. */
    private static double percentile(String out, String row) {
        Matcher m = Pattern.compile("^\\s+" + Pattern.quote(row) + "\\s+([0-9.]+)(us|ms|s)\\s*$", Pattern.MULTILINE)
                .matcher(out);
        if (!m.find()) {
            throw new IllegalStateException("no " + row + " latency row in wrk's output:\n" + out);
        }
        double v = Double.parseDouble(m.group(1));
        return switch (m.group(2).toLowerCase(Locale.ROOT)) {
            case "us" -> v / 1000;
            case "ms" -> v;
            default -> v * 1000;
        };
    }
}
