package dev.firedrill.perf;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.firedrill.harness.backend.embedded.EmbeddedBackend;
import dev.firedrill.harness.backend.embedded.EmbeddedDeployment;
import dev.firedrill.harness.backend.embedded.internal.AppInstance;
import dev.firedrill.harness.backend.embedded.internal.ReferenceApp;
import dev.firedrill.harness.internal.Ports;
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
 * What tracing costs the reference app: the same jar started twice on one embedded stack (same PostgreSQL, Redis,
 * SQS, same JVM flags), once with {@code OTEL_EXPORTER_OTLP_ENDPOINT} pointing at the stack's
 * {@link dev.firedrill.harness.trace.TraceCollector} and once without (tracing off), driven directly (no ALB) in
 * interleaved rounds by a closed-loop JDK HttpClient load: 50 % {@code GET /items/{id}} (Redis cache), 25 %
 * {@code GET /items/{id}} with {@code Cache-Control: no-cache} (replica), 25 % {@code POST /items} (writer). Reports
 * req/s and p50/p99 per variant (a closed loop: latencies are service times, coordinated omission not corrected,
 * the same for both).
 *
 * <p>Usage: {@code TracingOverheadBenchmark [--rounds 3] [--seconds 10] [--clients 8] [--out FILE]}; needs
 * {@code -Dfiredrill.app.jar} (see {@code perf/tracing-overhead.sh}). Not JMH: an iteration is a load round.
 */
public final class TracingOverheadBenchmark {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private TracingOverheadBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = 3;
        int seconds = 10;
        int clients = 8;
        Path out = Path.of("perf", "target", "benchmarks", "tracing-overhead.json");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                case "--seconds" -> seconds = Integer.parseInt(args[++i]);
                case "--clients" -> clients = Integer.parseInt(args[++i]);
                case "--out" -> out = Path.of(args[++i]);
                default -> {
                    System.err.println("error: unknown argument '" + args[i] + "'; usage: TracingOverheadBenchmark "
                            + "[--rounds N] [--seconds S] [--clients C] [--out FILE]");
                    System.exit(2);
                }
            }
        }
        Topology t = Topology.builder().timeScale(0.05).instances(1).replicas(1).build();
        try (EmbeddedDeployment d = new EmbeddedBackend().deploy(t)) {
            Map<String, String> env = d.instances().get("app-1").env();
            try (AppInstance on = start(d, "bench-traced", env, true);
                 AppInstance off = start(d, "bench-untraced", env, false)) {
                URI onUri = URI.create("http://127.0.0.1:" + on.port());
                URI offUri = URI.create("http://127.0.0.1:" + off.port());
                List<Long> ids = seed(onUri, 100);
                // warm both JVMs (C1 only, as the harness runs them) before measuring
                round(onUri, ids, clients, 5);
                round(offUri, ids, clients, 5);
                Histogram hOn = new Histogram(3);
                Histogram hOff = new Histogram(3);
                long okOn = 0;
                long okOff = 0;
                List<Map<String, Object>> rows = new ArrayList<>();
                for (int r = 0; r < rounds; r++) {
                    // alternate which goes first so drift on the machine hits both alike
                    boolean onFirst = r % 2 == 0;
                    Result a = round(onFirst ? onUri : offUri, ids, clients, seconds);
                    Result b = round(onFirst ? offUri : onUri, ids, clients, seconds);
                    Result ron = onFirst ? a : b;
                    Result roff = onFirst ? b : a;
                    hOn.add(ron.latency);
                    hOff.add(roff.latency);
                    okOn += ron.ok;
                    okOff += roff.ok;
                    rows.add(row(r + 1, "traced", ron, seconds));
                    rows.add(row(r + 1, "untraced", roff, seconds));
                    System.out.printf(Locale.ROOT, "round %d: traced %.0f req/s p99 %.2f ms | untraced %.0f req/s p99 %.2f ms%n",
                            r + 1, ron.ok / (double) seconds, ron.latency.getValueAtPercentile(99) / 1e3,
                            roff.ok / (double) seconds, roff.latency.getValueAtPercentile(99) / 1e3);
                }
                d.traces().flush();
                double rpsOn = okOn / (double) (rounds * seconds);
                double rpsOff = okOff / (double) (rounds * seconds);
                System.out.printf(Locale.ROOT, "%n| | req/s | p50 | p99 |%n|---|---:|---:|---:|%n");
                System.out.printf(Locale.ROOT, "| untraced | %.0f | %.2f ms | %.2f ms |%n", rpsOff,
                        hOff.getValueAtPercentile(50) / 1e3, hOff.getValueAtPercentile(99) / 1e3);
                System.out.printf(Locale.ROOT, "| traced | %.0f | %.2f ms | %.2f ms |%n", rpsOn,
                        hOn.getValueAtPercentile(50) / 1e3, hOn.getValueAtPercentile(99) / 1e3);
                System.out.printf(Locale.ROOT, "| traced / untraced | %.3f× | %.3f× | %.3f× |%n", rpsOn / rpsOff,
                        hOn.getValueAtPercentile(50) / (double) hOff.getValueAtPercentile(50),
                        hOn.getValueAtPercentile(99) / (double) hOff.getValueAtPercentile(99));
                System.out.println("collector: " + d.traces().stats());
                Map<String, Object> doc = new LinkedHashMap<>();
                doc.put("date", LocalDate.now().toString());
                doc.put("cores", Runtime.getRuntime().availableProcessors());
                doc.put("clients", clients);
                doc.put("secondsPerRound", seconds);
                doc.put("rounds", rows);
                doc.put("tracedReqPerSec", rpsOn);
                doc.put("untracedReqPerSec", rpsOff);
                doc.put("tracedP99Ms", hOn.getValueAtPercentile(99) / 1e3);
                doc.put("untracedP99Ms", hOff.getValueAtPercentile(99) / 1e3);
                doc.put("collector", d.traces().stats());
                Files.createDirectories(out.toAbsolutePath().getParent());
                new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(out.toFile(), doc);
                System.out.println("results: " + out);
            }
        }
    }

    private static AppInstance start(EmbeddedDeployment d, String name, Map<String, String> base, boolean traced) {
        Map<String, String> env = new LinkedHashMap<>(base);
        int port = Ports.freePort();
        env.put("PORT", Integer.toString(port));
        env.put("INSTANCE_ID", name);
        env.put("JOBS_WORKER_ENABLED", "false");
        env.put("LOG_LEVEL", "warn"); // the access log would cost both the same; keep it out of the figures
        if (traced) {
            env.put("OTEL_RESOURCE_ATTRIBUTES", "service.instance.id=" + name);
        } else {
            env.keySet().removeIf(k -> k.startsWith("OTEL_"));
        }
        AppInstance inst = new AppInstance(name, "us-east-1a", port, ReferenceApp.command(), env, d.runDir(), d.runDir());
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
