package dev.firedrill.harness.lb;

import java.net.URI;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jetty.client.HttpClient;

/**
 * Prints requests/s straight to a target and through the ALB simulator (same target, same load
 * generator, same JVM). Not a test: machines are noisy, so nothing is asserted. Run with
 * {@code java -cp <test classpath> dev.firedrill.harness.lb.AlbThroughputBench [concurrency] [seconds]}.
 */
public final class AlbThroughputBench {
    private AlbThroughputBench() {
    }

    public static void main(String[] args) throws Exception {
        int concurrency = args.length > 0 ? Integer.parseInt(args[0]) : 16;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        try (TestTarget target = new TestTarget("bench");
             AlbSimulator alb = AlbSimulator.start(AlbConfig.defaults())) {
            alb.register("bench", target.address(), "us-east-1a");
            URI direct = URI.create("http://127.0.0.1:" + target.address().getPort() + "/");
            HttpClient client = new HttpClient();
            client.setMaxConnectionsPerDestination(concurrency);
            client.start();
            try {
                run(client, direct, concurrency, 2);
                run(client, alb.url(), concurrency, 2);
                double directRate = run(client, direct, concurrency, seconds);
                double albRate = run(client, alb.url(), concurrency, seconds);
                double directAgain = run(client, direct, concurrency, seconds);
                System.out.printf("concurrency %d, %d s each, keep-alive, GET / (%d-byte body)%n", concurrency, seconds, 5);
                System.out.printf("direct:       %,10.0f req/s%n", directRate);
                System.out.printf("through ALB:  %,10.0f req/s (%.0f%% of direct)%n", albRate,
                        100 * albRate / ((directRate + directAgain) / 2));
                System.out.printf("direct again: %,10.0f req/s%n", directAgain);
                System.out.println("ALB stats: " + alb.stats().responsesByStatus());
            } finally {
                client.stop();
            }
        }
    }

    /** Closed loop with {@code concurrency} requests in flight; returns completed requests per second. */
    private static double run(HttpClient client, URI uri, int concurrency, int seconds) throws Exception {
        Semaphore slots = new Semaphore(concurrency);
        AtomicLong ok = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        long end = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
        long start = System.nanoTime();
        while (System.nanoTime() < end) {
            if (!slots.tryAcquire(100, TimeUnit.MILLISECONDS)) {
                continue;
            }
            client.newRequest(uri).send(result -> {
                if (result.isSucceeded() && result.getResponse().getStatus() == 200) {
                    ok.incrementAndGet();
                } else {
                    failed.incrementAndGet();
                }
                slots.release();
            });
        }
        slots.acquire(concurrency);
        double elapsed = (System.nanoTime() - start) / 1e9;
        if (failed.get() > 0) {
            System.out.println("  " + failed.get() + " failed requests to " + uri);
        }
        return ok.get() / elapsed;
    }
}
