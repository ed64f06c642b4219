package dev.firedrill.perf;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.firedrill.harness.backend.embedded.EmbeddedBackend;
import dev.firedrill.harness.backend.embedded.EmbeddedDeployment;
import dev.firedrill.harness.backend.embedded.internal.AppInstance;
import dev.firedrill.harness.backend.embedded.internal.ReferenceApp;
import dev.firedrill.harness.internal.Ports;
import dev.firedrill.harness.trace.TailSampling;
import dev.firedrill.harness.trace.TraceCollector;
import dev.firedrill.perf.internal.OtlpSink;
import dev.firedrill.harness.topology.Topology;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;

/**
 * What tracing costs the reference app: the same jar started once per {@link Variant} on one embedded stack (same
 * PostgreSQL, Redis, SQS, same JVM flags): untraced; exporting every span to a {@link TraceCollector} (as before
 * sampling at the source); exporting every span to a sink that does not decode; making spans but exporting only
 * failed or slow traces; sampling at the source at the topology's {@code keepFraction}. Each is driven directly (no
 * ALB) in rotating rounds by a closed-loop JDK HttpClient load: 50 % {@code GET /items/{id}} (Redis cache), 25 %
 * {@code GET /items/{id}} with {@code Cache-Control: no-cache} (replica), 25 % {@code POST /items} (writer). Reports
 * req/s and p50/p99 per variant (a closed loop: latencies are service times, coordinated omission not corrected,
 * the same for all).
 *
 * <p>Usage: {@code TracingOverheadBenchmark [--rounds 3] [--seconds 10] [--clients 8] [--variants a,b] [--jfr DIR]
 * [--before-jar JAR] [--out FILE]} ({@code --jfr}: each app JVM's flight recording is dumped there after the rounds;
 * {@code --before-jar}: one more variant, {@code traced-before-jar}, that jar exporting every span); needs
 * {@code -Dfiredrill.app.jar} (see {@code perf/tracing-overhead.sh}). Not JMH: an iteration is a load round.
 */
public final class TracingOverheadBenchmark {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private TracingOverheadBenchmark() {
    }

    /**
     * One way of running the app. {@code export}: where spans go ({@code none}: tracing off; {@code collector}: a
     * {@link TraceCollector} of its own with the stack's tail sampling; {@code sink}: {@link OtlpSink}, read and
     * discarded); {@code keepFraction}: {@code FIREDRILL_TRACE_KEEP_FRACTION}, null for unset (export every span).
     */
    private record Variant(String name, String export, String keepFraction, String what) {
    }

    private static final List<Variant> VARIANTS = List.of(
            new Variant("untraced", "none", null, "no OTEL_EXPORTER_OTLP_ENDPOINT: tracing off"),
            new Variant("traced-all", "collector", null, "every span exported to a TraceCollector (before)"),
            new Variant("traced-all-sink", "sink", null, "every span exported to a sink that does not decode"),
            new Variant("traced-none", "collector", "0", "spans made, only failed/slow traces exported"),
            new Variant("traced-sampled", "collector", "topology", "sampled at the source at the topology's keepFraction (now)"));

    public static void main(String[] args) throws Exception {
        int rounds = 3;
        int seconds = 10;
        int clients = 8;
        List<String> names = VARIANTS.stream().map(Variant::name).toList();
        Path out = Path.of("perf", "target", "benchmarks", "tracing-overhead.json");
        Path jfr = null;
        Path beforeJar = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                case "--seconds" -> seconds = Integer.parseInt(args[++i]);
                case "--clients" -> clients = Integer.parseInt(args[++i]);
                case "--variants" -> names = List.of(args[++i].split(","));
                case "--out" -> out = Path.of(args[++i]);
                case "--jfr" -> jfr = Path.of(args[++i]).toAbsolutePath();
                case "--before-jar" -> beforeJar = Path.of(args[++i]).toAbsolutePath();
                default -> {
                    System.err.println("error: unknown argument '" + args[i] + "'; usage: TracingOverheadBenchmark "
                            + "[--rounds N] [--seconds S] [--clients C] [--variants " + String.join(",", VARIANTS.stream()
                            .map(Variant::name).toList()) + "] [--jfr DIR] [--before-jar JAR] [--out FILE]");
                    System.exit(2);
                }
            }
        }
        List<Variant> chosen = new ArrayList<>();
        for (String n : names) {
            chosen.add(VARIANTS.stream().filter(v -> v.name().equals(n)).findFirst().orElseThrow(() ->
                    new IllegalArgumentException("no variant '" + n + "'; there are " + VARIANTS.stream().map(Variant::name).toList())));
        }
        if (beforeJar != null) {
            // another build of the app (e.g. from before sampling at the source), exporting everything
            chosen.add(1, new Variant("traced-before-jar", "collector", null, "every span exported, app jar " + beforeJar));
        }
        Topology t = Topology.builder().timeScale(0.05).instances(1).replicas(1).build();
        List<AutoCloseable> open = new ArrayList<>();
        try (EmbeddedDeployment d = new EmbeddedBackend().deploy(t)) {
            Map<String, String> env = d.instances().get("app-1").env();
            TailSampling sampling = d.traces().sampling();
            Map<String, Running> running = new LinkedHashMap<>();
            OtlpSink sink = null;
            for (Variant v : chosen) {
                TraceCollector collector = null;
                String endpoint = null;
                if (v.export().equals("collector")) {
                    collector = TraceCollector.start(sampling);
                    open.add(collector);
                    endpoint = collector.endpoint().toString();
                } else if (v.export().equals("sink")) {
                    if (sink == null) {
                        sink = OtlpSink.start();
                        open.add(sink);
                    }
                    endpoint = sink.endpoint().toString();
                }
                String fraction = "topology".equals(v.keepFraction()) ? Double.toString(sampling.keepFraction()) : v.keepFraction();
                AppInstance inst = start(d, "bench-" + v.name(), env, endpoint, fraction, jfr,
                        v.name().equals("traced-before-jar") ? beforeJar : null);
                open.add(inst);
                running.put(v.name(), new Running(v, inst, URI.create("http://127.0.0.1:" + inst.port()), collector));
            }
            List<Long> ids = seed(running.values().iterator().next().uri, 100);
            // warm every JVM (C1 only, as the harness runs them) before measuring
            for (Running r : running.values()) {
                round(r.uri, ids, clients, 5);
            }
            long sinkBytes0 = sink == null ? 0 : sink.bytes();
            List<Map<String, Object>> rows = new ArrayList<>();
            List<Running> order = new ArrayList<>(running.values());
            for (int r = 0; r < rounds; r++) {
                // rotate which goes first so drift on the machine hits every variant alike
                StringBuilder line = new StringBuilder("round " + (r + 1) + ":");
                for (int k = 0; k < order.size(); k++) {
                    Running run = order.get((k + r) % order.size());
                    Result res = round(run.uri, ids, clients, seconds);
                    run.latency.add(res.latency);
                    run.ok += res.ok;
                    rows.add(row(r + 1, run.variant.name(), res, seconds));
                    line.append(String.format(Locale.ROOT, " %s %.0f req/s p99 %.2f ms |", run.variant.name(),
                            res.ok / (double) seconds, res.latency.getValueAtPercentile(99) / 1e3));
                }
                System.out.println(line);
            }
            if (jfr != null) {
                Files.createDirectories(jfr);
                for (Running run : running.values()) {
                    dumpFlightRecording(run.instance, jfr.resolve(run.instance.name() + ".jfr"));
                }
            }
            Running base = running.get("untraced");
            double baseRps = base == null ? Double.NaN : base.ok / (double) (rounds * seconds);
            System.out.printf(Locale.ROOT, "%n| | req/s | p50 | p99 | req/s vs untraced | p99 vs untraced |%n"
                    + "|---|---:|---:|---:|---:|---:|%n");
            Map<String, Object> variants = new LinkedHashMap<>();
            for (Running run : running.values()) {
                double rps = run.ok / (double) (rounds * seconds);
                double p50 = run.latency.getValueAtPercentile(50) / 1e3;
                double p99 = run.latency.getValueAtPercentile(99) / 1e3;
                double baseP99 = base == null ? Double.NaN : base.latency.getValueAtPercentile(99) / 1e3;
                System.out.printf(Locale.ROOT, "| %s | %.0f | %.2f ms | %.2f ms | %.2f× | %.2f× |%n", run.variant.name(),
                        rps, p50, p99, rps / baseRps, p99 / baseP99);
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("what", run.variant.what());
                m.put("reqPerSec", rps);
                m.put("p50Ms", p50);
                m.put("p99Ms", p99);
                m.put("reqPerSecVsUntraced", rps / baseRps);
                m.put("p99VsUntraced", p99 / baseP99);
                if (run.collector != null) {
                    run.collector.flush();
                    m.put("collector", run.collector.stats());
                    System.out.println("  " + run.variant.name() + " collector: " + run.collector.stats());
                }
                variants.put(run.variant.name(), m);
            }
            if (sink != null) {
                System.out.printf(Locale.ROOT, "  sink: %.1f MB in the measured rounds%n", (sink.bytes() - sinkBytes0) / 1e6);
            }
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("date", LocalDate.now().toString());
            doc.put("cores", Runtime.getRuntime().availableProcessors());
            doc.put("clients", clients);
            doc.put("secondsPerRound", seconds);
            doc.put("keepFraction", sampling.keepFraction());
            doc.put("slowMs", sampling.slow().toMillis());
            doc.put("variants", variants);
            doc.put("rounds", rows);
            Files.createDirectories(out.toAbsolutePath().getParent());
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(out.toFile(), doc);
            System.out.println("results: " + out);
        } finally {
            for (int i = open.size() - 1; i >= 0; i--) {
                open.get(i).close();
            }
        }
    }

    /** {@code jcmd <pid> JFR.dump}: the app is stopped with SIGTERM and exits before a dump-on-exit would be written. */
    private static void dumpFlightRecording(AppInstance inst, Path file) throws Exception {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        Process p = new ProcessBuilder(jcmd.toString(), Long.toString(inst.process().pid()), "JFR.dump", "name=bench",
                "filename=" + file).redirectErrorStream(true).start();
        String said = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            System.err.println("jcmd JFR.dump for " + inst.name() + " failed: " + said);
        } else {
            System.out.println("flight recording: " + file);
        }
    }

    /** A started variant and what it measured so far. */
    private static final class Running {
        final Variant variant;
        final AppInstance instance;
        final URI uri;
        final TraceCollector collector;
        final Histogram latency = new Histogram(3);
        long ok;

        Running(Variant variant, AppInstance instance, URI uri, TraceCollector collector) {
            this.variant = variant;
            this.instance = instance;
            this.uri = uri;
            this.collector = collector;
        }
    }

    private static AppInstance start(EmbeddedDeployment d, String name, Map<String, String> base, String endpoint,
                                     String keepFraction, Path jfr, Path jar) {
        Map<String, String> env = new LinkedHashMap<>(base);
        if (jfr != null) {
            // a flight recording per app JVM (JFR's "profile" settings: CPU samples every 10 ms, allocations)
            env.put("JAVA_TOOL_OPTIONS", "-XX:StartFlightRecording=settings=profile,name=bench");
        }
        int port = Ports.freePort();
        env.put("PORT", Integer.toString(port));
        env.put("INSTANCE_ID", name);
        env.put("JOBS_WORKER_ENABLED", "false");
        env.put("LOG_LEVEL", "warn"); // the access log would cost every variant the same; keep it out of the figures
        env.remove("FIREDRILL_TRACE_KEEP_FRACTION");
        if (endpoint == null) {
            env.keySet().removeIf(k -> k.startsWith("OTEL_") || k.startsWith("FIREDRILL_TRACE_"));
        } else {
            env.put("OTEL_EXPORTER_OTLP_ENDPOINT", endpoint);
            env.put("OTEL_RESOURCE_ATTRIBUTES", "service.instance.id=" + name);
            if (keepFraction != null) {
                env.put("FIREDRILL_TRACE_KEEP_FRACTION", keepFraction);
            }
        }
        List<String> command = new ArrayList<>(ReferenceApp.command());
        if (jar != null) {
            command.set(command.indexOf("-jar") + 1, jar.toString());
        }
        AppInstance inst = new AppInstance(name, "us-east-1a", port, command, env, d.runDir(), d.runDir());
        inst.start();
        inst.awaitHealthy("/health", Duration.ofSeconds(90));
        return inst;
    }

    private static List<Long> seed(URI app, int n) throws Exception {
        ObjectMapper json = new ObjectMapper();
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            HttpResponse<String> r = HTTP.send(post(app, i), HttpResponse.BodyHandlers.ofString());
            ids.add(json.readTree(r.body()).get("id").asLong());
        }
        return ids;
    }

    private static HttpRequest post(URI app, int i) {
        return HttpRequest.newBuilder(app.resolve("/items")).header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"value\":{\"n\":" + i + "}}")).build();
    }

    private record Result(long ok, long failed, Histogram latency) {
    }

    private static Map<String, Object> row(int round, String variant, Result r, int seconds) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("round", round);
        m.put("variant", variant);
        m.put("reqPerSec", r.ok / (double) seconds);
        m.put("failed", r.failed);
        m.put("p50Ms", r.latency.getValueAtPercentile(50) / 1e3);
        m.put("p99Ms", r.latency.getValueAtPercentile(99) / 1e3);
        return m;
    }

    /** {@code clients} threads, each sending its next request when the last one answered, for {@code seconds}. */
    private static Result round(URI app, List<Long> ids, int clients, int seconds) throws InterruptedException {
        Histogram all = new Histogram(3);
        AtomicLong ok = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        CountDownLatch done = new CountDownLatch(clients);
        for (int c = 0; c < clients; c++) {
            int client = c;
            Thread th = new Thread(() -> {
                Histogram h = new Histogram(3);
                java.util.SplittableRandom rnd = new java.util.SplittableRandom(client);
                try {
                    while (System.nanoTime() < end) {
                        int pick = rnd.nextInt(4);
                        HttpRequest req = pick == 3 ? post(app, client)
                                : HttpRequest.newBuilder(app.resolve("/items/" + ids.get(rnd.nextInt(ids.size()))))
                                        .header("Cache-Control", pick == 2 ? "no-cache" : "max-age=60").build();
                        long t0 = System.nanoTime();
                        try {
                            int status = HTTP.send(req, HttpResponse.BodyHandlers.discarding()).statusCode();
                            h.recordValue(Math.max(1, (System.nanoTime() - t0) / 1000));
                            (status < 400 ? ok : failed).incrementAndGet();
                        } catch (Exception e) {
                            failed.incrementAndGet();
                        }
                    }
                } finally {
                    synchronized (all) {
                        all.add(h);
                    }
                    done.countDown();
                }
            }, "tracing-bench-" + c);
            th.setDaemon(true);
            th.start();
        }
        done.await();
        return new Result(ok.get(), failed.get(), all);
    }
}
