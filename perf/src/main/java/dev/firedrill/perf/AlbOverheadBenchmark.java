package dev.firedrill.perf;

import dev.firedrill.harness.lb.AlbConfig;
import dev.firedrill.harness.lb.AlbSimulator;
import dev.firedrill.harness.lb.TargetHealth;
import dev.firedrill.harness.lb.TargetState;
import dev.firedrill.harness.topology.HealthCheck;
import dev.firedrill.perf.internal.HttpTarget;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.HttpClient;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * HTTP GET throughput through the {@link AlbSimulator} ({@code path=alb}) vs straight to the same small Jetty
 * target ({@code path=direct}): 4 benchmark threads, each a blocking keep-alive request loop on one
 * shared Jetty client (Throughput, ops/s). The ALB's health checks run meanwhile, as they would in a rehearsal.
 */
@State(Scope.Benchmark)
@Threads(4)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 2, jvmArgsAppend = {"-Xms256m", "-Xmx256m"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class AlbOverheadBenchmark {
    private static final String TARGET_ID = "bench";

    @Param({"direct", "alb"})
    public String path;

    private HttpTarget target;
    private AlbSimulator alb;
    private HttpClient client;
    private URI uri;

    @Setup(Level.Trial)
    public void start() throws Exception {
        target = new HttpTarget(8);
        if (path.equals("alb")) {
            alb = AlbSimulator.start(AlbConfig.builder().timeScale(0.01)
                    .healthCheck(HealthCheck.builder().path("/").build()).build());
            alb.register(TARGET_ID, target.address(), "us-east-1a");
            awaitHealthy(Duration.ofSeconds(10));
            uri = alb.url();
        } else if (path.equals("direct")) {
            uri = URI.create("http://127.0.0.1:" + target.address().getPort() + "/");
        } else {
            throw new IllegalArgumentException("path must be 'direct' or 'alb', got '" + path + "'");
        }
        client = new HttpClient();
        client.setMaxConnectionsPerDestination(16);
        client.start();
    }

    private void awaitHealthy(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            TargetHealth h = alb.targetHealth().get(TARGET_ID);
            if (h != null && h.state() == TargetState.HEALTHY) {
                return;
            }
            Thread.sleep(20);
        }
        throw new IllegalStateException("ALB target '" + TARGET_ID + "' not healthy within " + timeout + ": "
                + alb.targetHealth());
    }

    @TearDown(Level.Trial)
    public void stop() throws Exception {
        client.stop();
        if (alb != null) {
            alb.close();
        }
        target.close();
    }

    @Benchmark
    public int get() throws Exception {
        ContentResponse r = client.GET(uri);
        if (r.getStatus() != 200) {
            throw new IllegalStateException("GET " + uri + " answered " + r.getStatus() + ": " + r.getContentAsString());
        }
        return r.getContent().length;
    }
}
