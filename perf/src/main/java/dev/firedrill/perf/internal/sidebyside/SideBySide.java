package dev.firedrill.perf.internal.sidebyside;

import dev.firedrill.harness.backend.embedded.internal.PostgresServer;
import dev.firedrill.harness.internal.RunDirectories;
import dev.firedrill.perf.internal.Stats;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** The side-by-side run behind {@link dev.firedrill.perf.SideBySideBenchmark}: sections, rounds, summaries. */
public final class SideBySide {
    /** What to run; set from the command line. */
    public static final class Options {
        public int rounds = 5;
        public int seconds = 10;
        public int bootRuns = 7;
        /** CPU-bound processes competing with the loaded boot runs; 0: no loaded runs. */
        public int bootLoad = 4;
        public Path beforeJar;
        public String beforeLabel = "before";
        public Path root = Path.of(System.getProperty("firedrill.root", "."));
        public Path out = Path.of("perf/target/benchmarks");
        public boolean updateReadme;
        public Set<String> sections;
    }

    private static final int[] CONCURRENCY = {16, 64};
    private static final String START = "<!-- side-by-side:start -->";
    private static final String END = "<!-- side-by-side:end -->";

    private final Options o;
    private final int cores = Runtime.getRuntime().availableProcessors();
    private final StringBuilder md = new StringBuilder();
    private final List<String> jvmFlags;

    public SideBySide(Options o) throws IOException {
        this.o = o;
        this.o.root = o.root.toAbsolutePath().normalize();
        this.jvmFlags = launcherFlags(o.root.resolve("firedrill"));
    }

    public Map<String, Object> run() throws Exception {
        Files.createDirectories(o.out);
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("date", LocalDate.now().toString());
        result.put("cores", cores);
        result.put("java", System.getProperty("java.version"));
        result.put("launcherJvmFlags", jvmFlags);
        result.put("rounds", o.rounds);
        result.put("seconds", o.seconds);
        double loadBefore = loadAverage();
        result.put("loadAverageAtStart", loadBefore);
        Path work = Files.createTempDirectory("firedrill-side-by-side");
        try (Procs procs = new Procs(work)) {
            if (o.sections.contains("http")) {
                result.put("http", http(procs, work));
            }
            if (o.sections.contains("tcp")) {
                result.put("tcp", tcp(procs, work));
            }
            if (o.sections.contains("pgbench")) {
                result.put("pgbench", pgbench(procs, work));
            }
        } finally {
            RunDirectories.deleteTree(work);
        }
        if (o.sections.contains("boot")) {
            result.put("boot", boot());
        }
        if (o.sections.contains("memory")) {
            result.put("memory", memory());
        }
        double loadAfter = loadAverage();
        result.put("loadAverageAtEnd", loadAfter);
        String header = String.format(Locale.ROOT, "Side-by-side run of %s on %d cores, Java %s, load average %.1f at"
                + " the start and %.1f at the end; %d interleaved rounds of %d s per variant (`perf/side-by-side.sh"
                + " --rounds %d --seconds %d%s`). Ratios are per round, given as median (min–max).%n%n",
                result.get("date"), cores, result.get("java"), loadBefore, loadAfter, o.rounds, o.seconds, o.rounds,
                o.seconds, o.beforeJar == null ? "" : " --before " + o.beforeLabel);
        String markdown = header + md;
        Files.writeString(o.out.resolve("side-by-side.md"), markdown);
        System.out.println();
        System.out.println(markdown);
        if (o.updateReadme) {
            updateReadme(o.root.resolve("perf/README.md"), markdown);
        }
        return result;
    }

    // ---------------------------------------------------------------- http

    private record HttpVariant(String name, int port) {
    }

    private Map<String, Object> http(Procs procs, Path work) throws Exception {
        log("http: 3 nginx backends; nginx, HAProxy and the ALB simulator in front of them");
        List<Integer> backends = List.of(Procs.freePort(), Procs.freePort(), Procs.freePort());
        Path nb = Files.createDirectories(work.resolve("nginx-backends"));
        Files.writeString(nb.resolve("nginx.conf"), Configs.nginxBackends(nb, backends));
        Process backendProc = procs.start("nginx-backends", List.of("nginx", "-p", nb.toString(), "-c",
                nb.resolve("nginx.conf").toString()));
        for (int p : backends) {
            procs.awaitPort("nginx backends", p, backendProc);
        }
        List<HttpVariant> variants = new ArrayList<>();
        variants.add(new HttpVariant("direct", backends.get(0)));
        int nginxPort = Procs.freePort();
        Path np = Files.createDirectories(work.resolve("nginx-proxy"));
        Files.writeString(np.resolve("nginx.conf"), Configs.nginxProxy(np, nginxPort, backends, cores));
        Process nginx = procs.start("nginx-proxy", List.of("nginx", "-p", np.toString(), "-c",
                np.resolve("nginx.conf").toString()));
        procs.awaitPort("nginx proxy", nginxPort, nginx);
        variants.add(new HttpVariant("nginx", nginxPort));
        int haPort = Procs.freePort();
        Path hc = work.resolve("haproxy-http.cfg");
        Files.writeString(hc, Configs.haproxyHttp(haPort, backends, cores));
        Process ha = procs.start("haproxy-http", List.of("haproxy", "-db", "-f", hc.toString()));
        procs.awaitPort("HAProxy", haPort, ha);
        variants.add(new HttpVariant("haproxy", haPort));
        int albPort = Procs.freePort();
        procs.startProxy("alb", proxyCommand(currentClassPath(), "alb", albPort, backends));
        variants.add(new HttpVariant("alb", albPort));
        if (o.beforeJar != null) {
            int beforePort = Procs.freePort();
            procs.startProxy("alb-before", proxyCommand(beforeClassPath(), "alb", beforePort, backends));
            variants.add(new HttpVariant("alb-" + o.beforeLabel, beforePort));
        }
        log("http: warm-up, 5 s per variant at -c64");
        for (HttpVariant v : variants) {
            Wrk.run(v.port(), 64, 5);
        }
        Map<String, Map<String, List<Wrk>>> runs = new LinkedHashMap<>(); // "c16" -> variant -> rounds
        for (int c : CONCURRENCY) {
            Map<String, List<Wrk>> m = new LinkedHashMap<>();
            variants.forEach(v -> m.put(v.name(), new ArrayList<>()));
            runs.put("c" + c, m);
        }
        for (int r = 0; r < o.rounds; r++) {
            for (int c : CONCURRENCY) {
                for (int k = 0; k < variants.size(); k++) {
                    HttpVariant v = variants.get((k + r) % variants.size());
                    Wrk w = Wrk.run(v.port(), c, o.seconds);
                    if (w.non2xx() > 0 || w.socketErrors() > 0) {
                        throw new IllegalStateException(v.name() + " at -c" + c + ": " + w.non2xx()
                                + " non-2xx responses, " + w.socketErrors() + " socket errors");
                    }
                    runs.get("c" + c).get(v.name()).add(w);
                    log(String.format(Locale.ROOT, "  round %d -c%d %-12s %,9.0f req/s  p50 %.2f ms  p99 %.2f ms",
                            r + 1, c, v.name(), w.reqPerSec(), w.p50Ms(), w.p99Ms()));
                }
            }
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("backends", "3 × nginx `return 200` (one worker for all three), keep-alive");
        result.put("proxies", "nginx worker_processes " + cores + ", keepalive 64; HAProxy nbthread " + cores
                + ", http-reuse always; ALB simulator in its own JVM " + String.join(" ", jvmFlags));
        result.put("runs", runs);
        Map<String, Object> ratios = new LinkedHashMap<>();
        md.append("### HTTP: ALB simulator vs nginx and HAProxy\n\n`wrk -t2 -c16|-c64 -d").append(o.seconds)
                .append("s` through each proxy to the same 3 nginx keep-alive backends (\"direct\": one backend, no "
                        + "proxy). The ALB runs in its own JVM with the launcher's flags (`")
                .append(String.join(" ", jvmFlags)).append("`).\n\n| | -c16 req/s | -c16 p50 | -c16 p99 | -c64 req/s |"
                        + " -c64 p50 | -c64 p99 |\n|---|---:|---:|---:|---:|---:|---:|\n");
        for (HttpVariant v : variants) {
            md.append("| ").append(label(v.name()));
            for (int c : CONCURRENCY) {
                List<Wrk> w = runs.get("c" + c).get(v.name());
                md.append(String.format(Locale.ROOT, " | %,.0f | %.2f ms | %.2f ms", median(w, Wrk::reqPerSec),
                        median(w, Wrk::p50Ms), median(w, Wrk::p99Ms)));
            }
            md.append(" |\n");
        }
        md.append("\n| ratio (per round) | -c16 req/s | -c16 p99 | -c64 req/s | -c64 p99 |\n|---|---:|---:|---:|---:|\n");
        for (HttpVariant alb : variants) {
            if (!alb.name().startsWith("alb")) {
                continue;
            }
            for (String ref : List.of("nginx", "haproxy")) {
                String key = alb.name() + "/" + ref;
                Map<String, Object> r = new LinkedHashMap<>();
                md.append("| ").append(label(alb.name())).append(" / ").append(label(ref));
                for (int c : CONCURRENCY) {
                    List<Wrk> a = runs.get("c" + c).get(alb.name());
                    List<Wrk> b = runs.get("c" + c).get(ref);
                    Stats rps = pairedRatio(a, b, Wrk::reqPerSec);
                    Stats p99 = pairedRatio(a, b, Wrk::p99Ms);
                    r.put("c" + c + "ReqPerSec", rps);
                    r.put("c" + c + "P99", p99);
                    md.append(" | ").append(ratio(rps)).append(" | ").append(ratio(p99));
                }
                md.append(" |\n");
                ratios.put(key, r);
            }
        }
        result.put("ratios", ratios);
        md.append('\n');
        return result;
    }

    private static String label(String variant) {
        return switch (variant) {
            case "alb" -> "**ALB simulator**";
            case "haproxy" -> "HAProxy";
            case "direct" -> "direct (1 backend)";
            default -> variant.startsWith("alb-") ? "ALB simulator, " + variant.substring(4) : variant;
        };
    }

    // ---------------------------------------------------------------- tcp

    private Map<String, Object> tcp(Procs procs, Path work) throws Exception {
        log("tcp: a link vs HAProxy (mode tcp) and socat in front of the same echo and sink servers");
        try (dev.firedrill.perf.internal.EchoServer echo = dev.firedrill.perf.internal.EchoServer.echo();
                dev.firedrill.perf.internal.EchoServer sink = dev.firedrill.perf.internal.EchoServer.sink()) {
            int e = echo.address().getPort();
            int s = sink.address().getPort();
            int[] link = {Procs.freePort(), Procs.freePort()};
            procs.startProxy("link", linkCommand(link[0] + "=" + e, link[1] + "=" + s));
            int[] ha = {Procs.freePort(), Procs.freePort()};
            Path cfg = work.resolve("haproxy-tcp.cfg");
            Files.writeString(cfg, Configs.haproxyTcp(cores, new int[][] {{ha[0], e}, {ha[1], s}}));
            Process haProc = procs.start("haproxy-tcp", List.of("haproxy", "-db", "-f", cfg.toString()));
            procs.awaitPort("HAProxy tcp", ha[0], haProc);
            procs.awaitPort("HAProxy tcp", ha[1], haProc);
            int[] so = {Procs.freePort(), Procs.freePort()};
            Process socatEcho = procs.start("socat-echo", List.of("socat", "TCP-LISTEN:" + so[0]
                    + ",bind=127.0.0.1,fork,reuseaddr,nodelay", "TCP:127.0.0.1:" + e + ",nodelay"));
            Process socatSink = procs.start("socat-sink", List.of("socat", "TCP-LISTEN:" + so[1]
                    + ",bind=127.0.0.1,fork,reuseaddr,nodelay", "TCP:127.0.0.1:" + s + ",nodelay"));
            procs.awaitPort("socat", so[0], socatEcho);
            procs.awaitPort("socat", so[1], socatSink);
            Map<String, int[]> paths = new LinkedHashMap<>();
            paths.put("direct", new int[] {e, s});
            paths.put("link", link);
            paths.put("haproxy", ha);
            paths.put("socat", so);
            List<String> names = new ArrayList<>(paths.keySet());
            Map<String, List<TcpProbe.Rtt>> rtt = new LinkedHashMap<>();
            Map<String, List<Double>> bulk = new LinkedHashMap<>();
            names.forEach(n -> {
                rtt.put(n, new ArrayList<>());
                bulk.put(n, new ArrayList<>());
            });
            double probeSeconds = Math.max(1, o.seconds / 3.0);
            for (int r = 0; r < o.rounds; r++) {
                for (int k = 0; k < names.size(); k++) {
                    String n = names.get((k + r) % names.size());
                    TcpProbe.Rtt t = TcpProbe.roundTrips(paths.get(n)[0], probeSeconds);
                    double mbps = TcpProbe.bulkMBps(paths.get(n)[1], probeSeconds);
                    rtt.get(n).add(t);
                    bulk.get(n).add(mbps);
                    log(String.format(Locale.ROOT, "  round %d %-8s 1 KB RTT median %.1f µs p99 %.1f µs; bulk %,.0f MB/s",
                            r + 1, n, t.medianUs(), t.p99Us(), mbps));
                }
            }
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("roundTrip1k", rtt);
            result.put("bulk64kMBps", bulk);
            md.append("### TCP: link vs HAProxy and socat\n\n1 KB echo round trips on one connection and 64 KB writes "
                    + "to a discarding server, ").append(String.format(Locale.ROOT, "%.1f", probeSeconds))
                    .append(" s each per round; the link in its own JVM with the launcher's flags, HAProxy `mode tcp`"
                            + " nbthread ").append(cores).append(", socat `fork`.\n\n| | 1 KB RTT median | added to "
                            + "direct | p99 | bulk MB/s | bulk vs direct |\n|---|---:|---:|---:|---:|---:|\n");
            Map<String, Object> ratios = new LinkedHashMap<>();
            for (String n : names) {
                double med = medianOf(rtt.get(n), TcpProbe.Rtt::medianUs);
                md.append(String.format(Locale.ROOT, "| %s | %.1f µs | %s | %.1f µs | %,.0f | %s |%n",
                        n.equals("link") ? "**link**" : n.equals("haproxy") ? "HAProxy" : n, med,
                        n.equals("direct") ? "" : ratioText("+%.1f µs", pairedDiff(rtt.get(n), rtt.get("direct"))),
                        medianOf(rtt.get(n), TcpProbe.Rtt::p99Us), medianOf(bulk.get(n), x -> x),
                        n.equals("direct") ? "" : ratio(pairedRatioD(bulk.get(n), bulk.get("direct")))));
            }
            md.append("\n| link vs | added RTT ratio (lower is better) | bulk ratio (higher is better) |\n"
                    + "|---|---:|---:|\n");
            for (String ref : List.of("haproxy", "socat")) {
                Stats lat = pairedRatioD(pairedDiffs(rtt.get("link"), rtt.get("direct")),
                        pairedDiffs(rtt.get(ref), rtt.get("direct")));
                Stats bw = pairedRatioD(bulk.get("link"), bulk.get(ref));
                ratios.put("link/" + ref, Map.of("addedRoundTrip", lat, "bulk", bw));
                md.append("| ").append(ref.equals("haproxy") ? "HAProxy" : ref).append(" | ").append(ratio(lat))
                        .append(" | ").append(ratio(bw)).append(" |\n");
            }
            md.append('\n');
            result.put("ratios", ratios);
            return result;
        }
    }

    // ---------------------------------------------------------------- pgbench

    private static final Pattern TPS = Pattern.compile("tps = ([0-9.]+) \\(without initial connection time\\)");

    private Map<String, Object> pgbench(Procs procs, Path work) throws Exception {
        log("pgbench: a PostgreSQL primary, straight vs through a link");
        Path runDir = Files.createDirectories(work.resolve("pg-run"));
        try (PostgresServer pg = PostgresServer.startPrimary("bench-db", work.resolve("pg-data"), Procs.freePort(),
                runDir)) {
            int linkPort = Procs.freePort();
            procs.startProxy("pg-link", linkCommand(linkPort + "=" + pg.port()));
            pgbench(pg, pg.port(), List.of("-i", "-q", "-s", "10"), 120);
            Map<String, Integer> paths = new LinkedHashMap<>();
            paths.put("direct", pg.port());
            paths.put("link", linkPort);
            Map<String, List<Double>> tps = new LinkedHashMap<>();
            paths.keySet().forEach(n -> tps.put(n, new ArrayList<>()));
            List<String> names = new ArrayList<>(paths.keySet());
            pgbench(pg, linkPort, List.of("-n", "-c", "8", "-j", "2", "-T", "3"), 60); // warm-up
            for (int r = 0; r < o.rounds; r++) {
                for (int k = 0; k < names.size(); k++) {
                    String n = names.get((k + r) % names.size());
                    String out = pgbench(pg, paths.get(n), List.of("-n", "-c", "8", "-j", "2", "-T",
                            Integer.toString(o.seconds)), o.seconds + 60L);
                    Matcher m = TPS.matcher(out);
                    if (!m.find()) {
                        throw new IllegalStateException("no tps in pgbench's output:\n" + out);
                    }
                    tps.get(n).add(Double.parseDouble(m.group(1)));
                    log(String.format(Locale.ROOT, "  round %d %-6s %,.0f tps", r + 1, n, tps.get(n).get(r)));
                }
            }
            Stats ratio = pairedRatioD(tps.get("link"), tps.get("direct"));
            md.append(String.format(Locale.ROOT, "### pgbench through a link%n%n`pgbench -n -c 8 -j 2 -T %d` (TPC-B-like,"
                    + " scale 10) on a PostgreSQL primary: direct %,.0f tps, through a link %,.0f tps: **%s**.%n%n",
                    o.seconds, medianOf(tps.get("direct"), x -> x), medianOf(tps.get("link"), x -> x),
                    ratio(ratio)));
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("tps", tps);
            result.put("linkOverDirect", ratio);
            return result;
        }
    }

    private static String pgbench(PostgresServer pg, int port, List<String> args, long timeoutSeconds)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("pgbench", "-h", "127.0.0.1", "-p", Integer.toString(port), "-U",
                pg.user()));
        cmd.addAll(args);
        cmd.add("postgres");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("PGPASSWORD", pg.password());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IllegalStateException("pgbench failed: " + String.join(" ", cmd) + "\n" + out);
        }
        return out;
    }

    // ---------------------------------------------------------------- boot

    private static final Pattern READY_IN = Pattern.compile("^ready in ([0-9.]+)s");

    private Map<String, Object> boot() throws Exception {
        log("boot: ./firedrill up --exit-when-ready, default topology; 1 warm-up + " + o.bootRuns + " timed runs");
        List<Double> readyLine = new ArrayList<>();
        List<Double> printed = new ArrayList<>();
        List<Double> exit = new ArrayList<>();
        for (int i = 0; i <= o.bootRuns; i++) {
            double[] t = up(true);
            if (i == 0) {
                log(String.format(Locale.ROOT, "  warm-up: ready %.2f s after start, exit %.2f s", t[0] / 1e3,
                        t[2] / 1e3));
                continue;
            }
            readyLine.add(t[0]);
            printed.add(t[1]);
            exit.add(t[2]);
            log(String.format(Locale.ROOT, "  run %d: ready %.2f s after process start (printed 'ready in %.2fs'), "
                    + "exited %.2f s, load %.1f", i, t[0] / 1e3, t[1] / 1e3, t[2] / 1e3, loadAverage()));
        }
        Stats ready = Stats.of(readyLine);
        Stats ready2 = Stats.of(printed);
        Stats ex = Stats.of(exit);
        Map<String, Object> loaded = o.bootLoad > 0 ? loadedBoot() : null;
        md.append(String.format(Locale.ROOT, "### Boot%n%n`./firedrill up --exit-when-ready`, default topology (PostgreSQL"
                + " primary + replica, Redis, ElasticMQ, 3 reference-app instances, ALB), warm caches, %d runs after one "
                + "warm-up:%n%n| | median | range |%n|---|---:|---:|%n"
                + "| process start → `ready in` line | **%.2f s** | %.2f–%.2f s |%n"
                + "| `ready in` as printed (from the command's start, JVM start-up excluded) | %.2f s | %.2f–%.2f s |%n"
                + "| process start → exit (everything stopped) | %.2f s | %.2f–%.2f s |%n%n", o.bootRuns,
                ready.median() / 1e3, ready.min() / 1e3, ready.max() / 1e3, ready2.median() / 1e3, ready2.min() / 1e3,
                ready2.max() / 1e3, ex.median() / 1e3, ex.min() / 1e3, ex.max() / 1e3));
        if (loaded != null) {
            Stats l = (Stats) loaded.get("readyAfterStart");
            md.append(String.format(Locale.ROOT, "On a busy machine: the same, %d runs while %d CPU-bound processes "
                    + "(shell busy loops) compete for the %d cores, load average %.1f–%.1f during the runs: process "
                    + "start → `ready in` **%.2f s** median (%.2f–%.2f s).%n%n", o.bootRuns, o.bootLoad, cores,
                    loaded.get("loadMin"), loaded.get("loadMax"), l.median() / 1e3, l.min() / 1e3, l.max() / 1e3));
        }
        Map<String, Object> result = new LinkedHashMap<>();
        if (loaded != null) {
            result.put("loaded", loaded);
        }
        result.put("readyAfterStartMs", readyLine);
        result.put("readyAfterStart", ready);
        result.put("readyInPrintedMs", printed);
        result.put("exitAfterStartMs", exit);
        result.put("exitAfterStart", ex);
        return result;
    }

    /**
     * Boot runs with {@link Options#bootLoad} busy loops running: they start 30 s before the first run, so the load
     * average has climbed, and are killed after the last.
     */
    private Map<String, Object> loadedBoot() throws Exception {
        log("boot under load: " + o.bootLoad + " busy loops, 30 s to let the load climb, then " + o.bootRuns + " runs");
        List<Process> hogs = new ArrayList<>();
        try {
            for (int i = 0; i < o.bootLoad; i++) {
                hogs.add(new ProcessBuilder("sh", "-c", "while :; do :; done").redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start());
            }
            Thread.sleep(30_000);
            List<Double> readyLine = new ArrayList<>();
            double loadMin = Double.MAX_VALUE;
            double loadMax = 0;
            for (int i = 1; i <= o.bootRuns; i++) {
                double load = loadAverage();
                loadMin = Math.min(loadMin, load);
                loadMax = Math.max(loadMax, load);
                double[] t = up(true);
                readyLine.add(t[0]);
                log(String.format(Locale.ROOT, "  loaded run %d: ready %.2f s after process start, load %.1f", i,
                        t[0] / 1e3, load));
            }
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("busyLoops", o.bootLoad);
            r.put("loadMin", loadMin);
            r.put("loadMax", loadMax);
            r.put("readyAfterStartMs", readyLine);
            r.put("readyAfterStart", Stats.of(readyLine));
            return r;
        } finally {
            for (Process h : hogs) {
                h.destroyForcibly();
            }
            for (Process h : hogs) {
                h.waitFor(5, TimeUnit.SECONDS);
            }
        }
    }

    /** Runs {@code firedrill up}: {start→ready line, printed ready-in, start→exit} in ms; memory mode: samples. */
    private double[] up(boolean exitWhenReady) throws Exception {
        Path dir = Files.createTempDirectory("firedrill-side-by-side-up");
        try {
            List<String> cmd = new ArrayList<>(List.of(o.root.resolve("firedrill").toString(), "up", "--endpoints",
                    dir.resolve("endpoints.json").toString()));
            if (exitWhenReady) {
                cmd.add("--exit-when-ready");
            }
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
            pb.environment().put("FIREDRILL_BUILD", "never");
            long t0 = System.nanoTime();
            Process p = pb.start();
            double readyMs = Double.NaN;
            double printed = Double.NaN;
            StringBuilder output = new StringBuilder();
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    output.append(line).append('\n');
                    Matcher m = READY_IN.matcher(line);
                    if (Double.isNaN(readyMs) && m.find()) {
                        readyMs = (System.nanoTime() - t0) / 1e6;
                        printed = Double.parseDouble(m.group(1)) * 1e3;
                        if (!exitWhenReady) {
                            lastMemory = sampleMemory(p);
                            // SIGTERM through the handle: Process.destroy() would also close the output being read
                            p.toHandle().destroy();
                        }
                    }
                }
            }
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                throw new IllegalStateException("firedrill up did not exit within 120 s:\n" + output);
            }
            double exitMs = (System.nanoTime() - t0) / 1e6;
            if (Double.isNaN(readyMs) || exitWhenReady && p.exitValue() != 0) {
                throw new IllegalStateException("firedrill up failed (exit " + p.exitValue() + "):\n" + output);
            }
            return new double[] {readyMs, printed, exitMs};
        } finally {
            RunDirectories.deleteTree(dir);
        }
    }

    // ---------------------------------------------------------------- memory

    private List<TreeMemory.Kind> lastMemory;

    private List<TreeMemory.Kind> sampleMemory(Process p) throws IOException, InterruptedException {
        Thread.sleep(3_000); // let start-up garbage be collected and the first health checks settle
        return TreeMemory.of(p.toHandle());
    }

    private Map<String, Object> memory() throws Exception {
        log("memory: ./firedrill up (default topology), PSS/RSS of its process tree 3 s after ready");
        up(false);
        List<TreeMemory.Kind> kinds = lastMemory;
        double pss = kinds.stream().mapToDouble(TreeMemory.Kind::pssMb).sum();
        double rss = kinds.stream().mapToDouble(TreeMemory.Kind::rssMb).sum();
        int n = kinds.stream().mapToInt(TreeMemory.Kind::processes).sum();
        md.append("### Memory\n\n`./firedrill up` with the default topology, 3 s after `ready`: `/proc/<pid>/smaps_rollup`"
                + " summed over the harness JVM and every descendant.\n\n| processes | count | PSS | RSS |\n"
                + "|---|---:|---:|---:|\n");
        for (TreeMemory.Kind k : kinds) {
            md.append(String.format(Locale.ROOT, "| %s | %d | %.0f MB | %.0f MB |%n", k.kind(), k.processes(),
                    k.pssMb(), k.rssMb()));
        }
        md.append(String.format(Locale.ROOT, "| **all** | %d | **%.0f MB** | %.0f MB |%n%n", n, pss, rss));
        log(String.format(Locale.ROOT, "  %d processes, PSS %.0f MB, RSS %.0f MB: %s", n, pss, rss, kinds));
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("kinds", kinds);
        result.put("processes", n);
        result.put("pssMb", pss);
        result.put("rssMb", rss);
        return result;
    }

    // ---------------------------------------------------------------- helpers

    /**
     * The CLI's JVM flags: the {@code -X…} words of the launcher's {@code JVM_FLAGS=(…)} array (the class-data
     * archive flags that follow them only change start-up), else of its {@code exec java} line.
     */
    static List<String> launcherFlags(Path launcher) throws IOException {
        List<String> lines = Files.readAllLines(launcher);
        for (String prefix : List.of("JVM_FLAGS=(", "exec java ")) {
            for (int i = 0; i < lines.size(); i++) {
                String t = lines.get(i).trim();
                if (t.startsWith(prefix)) {
                    StringBuilder body = new StringBuilder(t.substring(prefix.length()));
                    // an array may continue over several lines, up to its closing parenthesis
                    while (prefix.endsWith("(") && body.indexOf(")") < 0 && ++i < lines.size()) {
                        body.append(' ').append(lines.get(i).trim());
                    }
                    String words = prefix.endsWith("(") ? body.substring(0, body.indexOf(")")) : body.toString();
                    return Arrays.stream(words.split("\\s+")).filter(f -> f.startsWith("-X"))
                            .collect(Collectors.toList());
                }
            }
        }
        throw new IllegalStateException("no JVM_FLAGS=( or 'exec java' line in " + launcher
                + "; cannot tell the CLI's JVM flags");
    }

    private List<String> proxyCommand(String classPath, String kind, int port, List<Integer> upstreams) {
        List<String> cmd = javaCommand(classPath);
        cmd.add(kind);
        cmd.add(Integer.toString(port));
        upstreams.forEach(u -> cmd.add(Integer.toString(u)));
        return cmd;
    }

    private List<String> linkCommand(String... pairs) {
        List<String> cmd = javaCommand(currentClassPath());
        cmd.add("link");
        cmd.addAll(List.of(pairs));
        return cmd;
    }

    private List<String> javaCommand(String classPath) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmFlags);
        cmd.addAll(List.of("-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", "-cp", classPath,
                ProxyMain.class.getName()));
        return cmd;
    }

    private static String currentClassPath() {
        return System.getProperty("java.class.path");
    }

    /** This class path with the harness jar replaced by {@code --before-jar}. */
    private String beforeClassPath() {
        String[] parts = currentClassPath().split(java.io.File.pathSeparator);
        List<String> out = new ArrayList<>();
        boolean replaced = false;
        for (String p : parts) {
            if (p.contains("firedrill-harness") || p.replace('\\', '/').endsWith("harness/target/classes")) {
                out.add(o.beforeJar.toAbsolutePath().toString());
                replaced = true;
            } else {
                out.add(p);
            }
        }
        if (!replaced) {
            throw new IllegalStateException("no harness jar on the class path to replace with " + o.beforeJar);
        }
        return String.join(java.io.File.pathSeparator, out);
    }

    private static double median(List<Wrk> runs, ToDoubleFunction<Wrk> f) {
        return Stats.of(runs.stream().map(f::applyAsDouble).collect(Collectors.toList())).median();
    }

    private static <T> double medianOf(List<T> runs, ToDoubleFunction<T> f) {
        return Stats.of(runs.stream().map(f::applyAsDouble).collect(Collectors.toList())).median();
    }

    private static Stats pairedRatio(List<Wrk> a, List<Wrk> b, ToDoubleFunction<Wrk> f) {
        List<Double> r = new ArrayList<>();
        for (int i = 0; i < a.size(); i++) {
            r.add(f.applyAsDouble(a.get(i)) / f.applyAsDouble(b.get(i)));
        }
        return Stats.of(r);
    }

    private static Stats pairedRatioD(List<Double> a, List<Double> b) {
        List<Double> r = new ArrayList<>();
        for (int i = 0; i < a.size(); i++) {
            r.add(a.get(i) / b.get(i));
        }
        return Stats.of(r);
    }

    private static List<Double> pairedDiffs(List<TcpProbe.Rtt> a, List<TcpProbe.Rtt> b) {
        List<Double> r = new ArrayList<>();
        for (int i = 0; i < a.size(); i++) {
            r.add(a.get(i).medianUs() - b.get(i).medianUs());
        }
        return r;
    }

    private static Stats pairedDiff(List<TcpProbe.Rtt> a, List<TcpProbe.Rtt> b) {
        return Stats.of(pairedDiffs(a, b));
    }

    private static String ratio(Stats s) {
        return String.format(Locale.ROOT, "%.2f× (%.2f–%.2f)", s.median(), s.min(), s.max());
    }

    private static String ratioText(String format, Stats s) {
        return String.format(Locale.ROOT, format + " (%.1f–%.1f)", s.median(), s.min(), s.max());
    }

    private static double loadAverage() {
        try {
            return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    private static void log(String line) {
        System.out.println(line);
        System.out.flush();
    }

    private static void updateReadme(Path readme, String markdown) throws IOException {
        String text = Files.readString(readme);
        int a = text.indexOf(START);
        int b = text.indexOf(END);
        if (a < 0 || b < a) {
            throw new IllegalStateException(readme + " has no " + START + " … " + END + " block to replace");
        }
        String updated = text.substring(0, a + START.length()) + "\n" + markdown.strip() + "\n" + text.substring(b);
        Files.writeString(readme, updated);
        System.out.println("updated " + readme);
    }
}
