package dev.firedrill.app;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Not a test: measures the packaged jar. Start-to-healthy median over N {@code java -jar} starts, idle RSS
 * (VmRSS from /proc/PID/status, 3 s after healthy) and GET /items/{id} requests per second (cache hit, and
 * with ?consistent=true straight from the writer) from a closed loop of client threads in this JVM.
 *
 * <pre>
 * mvn -pl app-under-test verify -DskipTests &amp;&amp; mvn -q -pl app-under-test dependency:build-classpath \
 *     -Dmdep.outputFile=target/test-cp.txt -Dmdep.includeScope=test
 * java -cp app-under-test/target/test-classes:app-under-test/target/classes:$(cat app-under-test/target/test-cp.txt) \
 *     dev.firedrill.app.AppStartupBench [starts=10] [seconds=10] [threads=8]
 * </pre>
 *
 * JVM flags for the app come from -Dbench.jvmFlags (space separated), default {@link #DEFAULT_FLAGS}.
 * With -Dbench.cds=true an AppCDS archive is first written by {@code --cds-warmup} (no dependencies needed) and
 * every start uses it (-XX:SharedArchiveFile).
 * Needs the temporary {@link AppTestEnvironment} (Debian PostgreSQL 15).
 */
public final class AppStartupBench {
    static final String DEFAULT_FLAGS = "-XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xss512k -Xms16m -Xmx128m"
            + " -XX:MaxMetaspaceSize=128m -XX:ReservedCodeCacheSize=48m -XX:+ExitOnOutOfMemoryError";

    private AppStartupBench() {
    }

    public static void main(String[] args) throws Exception {
        int starts = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        int threads = args.length > 2 ? Integer.parseInt(args[2]) : 8;
        List<String> flags = new ArrayList<>(Arrays.asList(
                System.getProperty("bench.jvmFlags", DEFAULT_FLAGS).trim().split("\\s+")));
        Path jar = Paths.get(System.getProperty("bench.jar", "app-under-test/target/firedrill-app-under-test.jar"));
        if (!Files.exists(jar)) {
            jar = Paths.get("target", "firedrill-app-under-test.jar");
        }
        if (Boolean.getBoolean("bench.cds")) {
            flags.add("-XX:SharedArchiveFile=" + writeCdsArchive(jar, flags));
        }
        System.out.println("jar " + jar.toAbsolutePath() + "\nflags " + String.join(" ", flags));
        try (AppTestEnvironment env = AppTestEnvironment.start()) {
            String db = env.newDatabase("bench");
            AppTestEnvironment.Queues queues = env.newQueues();
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
            List<Long> startMs = new ArrayList<>();
            List<Long> rssKb = new ArrayList<>();
            for (int i = 0; i <= starts; i++) {
                int port = AppTestEnvironment.freePort();
                Process p = launch(jar, flags, env, db, queues, port, "bench-" + i);
                try {
                    long t0 = System.nanoTime();
                    awaitHealthy(http, port, p);
                    long ms = (System.nanoTime() - t0) / 1_000_000;
                    Thread.sleep(3000);
                    long rss = vmRssKb(p.pid());
                    if (i > 0) { // the first start warms the page cache and the schema
                        startMs.add(ms);
                        rssKb.add(rss);
                    }
                    System.out.printf("start %d: healthy after %d ms, idle RSS %d MB%n", i, ms, rss / 1024);
                } finally {
                    stop(p);
                }
            }
            System.out.printf("start-to-healthy median %d ms (min %d, max %d) over %d starts%n",
                    median(startMs), startMs.stream().min(Long::compare).orElse(0L),
                    startMs.stream().max(Long::compare).orElse(0L), startMs.size());
            System.out.printf("idle RSS median %d MB (max %d MB)%n", median(rssKb) / 1024,
                    rssKb.stream().max(Long::compare).orElse(0L) / 1024);

            int port = AppTestEnvironment.freePort();
            Process p = launch(jar, flags, env, db, queues, port, "bench-load");
            try {
                awaitHealthy(http, port, p);
                List<Long> ids = new ArrayList<>();
                for (int i = 0; i < 100; i++) {
                    String body = send(http, HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/items"))
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString("{\"value\":{\"n\":" + i + "}}")).build()).body();
                    ids.add(Long.parseLong(body.replaceAll("^\\{\"id\":(\\d+).*$", "$1")));
                }
                for (String query : List.of("", "?consistent=true")) {
                    load(http, port, ids, query, threads, 3); // warm-up
                    double rps = load(http, port, ids, query, threads, seconds);
                    System.out.printf("GET /items/{id}%s: %.0f req/s (%d client threads, %d s)%n",
                            query, rps, threads, seconds);
                }
                System.out.printf("RSS after load %d MB%n", vmRssKb(p.pid()) / 1024);
            } finally {
                stop(p);
            }
        }
    }

    private static Path writeCdsArchive(Path jar, List<String> flags) throws Exception {
        Path archive = jar.toAbsolutePath().resolveSibling("firedrill-app-under-test.jsa");
        Files.deleteIfExists(archive);
        List<String> cmd = new ArrayList<>();
        cmd.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(flags);
        cmd.addAll(List.of("-Xshare:auto", "-XX:ArchiveClassesAtExit=" + archive, "-jar", jar.toString(), "--cds-warmup"));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        if (!p.waitFor(60, TimeUnit.SECONDS) || !Files.exists(archive)) {
            throw new IllegalStateException("could not write the CDS archive " + archive);
        }
        return archive;
    }

    private static Process launch(Path jar, List<String> flags, AppTestEnvironment env, String db,
                                  AppTestEnvironment.Queues queues, int port, String id) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(flags);
        cmd.addAll(List.of("-jar", jar.toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD);
        Map<String, String> vars = env.env(id, db, queues);
        vars.put("PORT", Integer.toString(port));
        vars.put("LOG_LEVEL", "warn");
        pb.environment().putAll(vars);
        return pb.start();
    }

    private static void awaitHealthy(HttpClient http, int port, Process p) throws Exception {
        HttpRequest health = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health")).build();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) {
                throw new IllegalStateException("the app exited with " + p.exitValue());
            }
            try {
                if (http.send(health, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (ConnectException notYet) {
                Thread.sleep(5);
            }
        }
        throw new IllegalStateException("not healthy within 30 s");
    }

    private static double load(HttpClient http, int port, List<Long> ids, String query, int threads, int seconds)
            throws InterruptedException {
        AtomicLong ok = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int offset = t;
            Thread w = new Thread(() -> {
                int i = offset;
                while (System.nanoTime() < end) {
                    long id = ids.get(i++ % ids.size());
                    try {
                        HttpResponse<Void> r = http.send(HttpRequest.newBuilder(
                                URI.create("http://127.0.0.1:" + port + "/items/" + id + query)).build(),
                                HttpResponse.BodyHandlers.discarding());
                        (r.statusCode() == 200 ? ok : failed).incrementAndGet();
                    } catch (Exception e) {
                        failed.incrementAndGet();
                    }
                }
            });
            w.start();
            workers.add(w);
        }
        for (Thread w : workers) {
            w.join();
        }
        if (failed.get() > 0) {
            System.out.println("  (" + failed.get() + " requests failed)");
        }
        return ok.get() / (double) seconds;
    }

    private static HttpResponse<String> send(HttpClient http, HttpRequest request) throws Exception {
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static long vmRssKb(long pid) throws IOException {
        for (String line : Files.readAllLines(Paths.get("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", ""));
            }
        }
        return -1;
    }

    private static void stop(Process p) throws Exception {
        new ProcessBuilder("kill", "-TERM", Long.toString(p.pid())).start().waitFor();
        if (!p.waitFor(15, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
    }

    private static long median(List<Long> values) {
        List<Long> sorted = new ArrayList<>(values);
        sorted.sort(Long::compare);
        return sorted.isEmpty() ? 0 : sorted.get(sorted.size() / 2);
    }
}
