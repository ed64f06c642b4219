package dev.firedrill.perf.internal.sidebyside;

import dev.firedrill.harness.lb.AlbConfig;
import dev.firedrill.harness.lb.AlbSimulator;
import dev.firedrill.harness.lb.TargetState;
import dev.firedrill.harness.net.Link;
import dev.firedrill.harness.topology.HealthCheck;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * A firedrill proxy in a JVM of its own, started by {@link dev.firedrill.perf.SideBySideBenchmark} with the JVM
 * flags of the {@code firedrill} launcher (the ALB and the links run in the harness JVM there):
 * <ul>
 *   <li>{@code alb PORT UPSTREAM_PORT...}: the ALB simulator on 127.0.0.1:PORT (AWS's default settings, health
 *       checks of {@code /} every 30 s × timeScale 0.1), one target per upstream port, round robin;</li>
 *   <li>{@code link LISTEN_PORT=UPSTREAM_PORT...}: one link (no toxics) per pair.</li>
 * </ul>
 * Prints {@code ready} once every ALB target is healthy (or every link listens), then runs until its standard
 * input closes — so it ends with the benchmark that started it, however that ends.
 */
public final class ProxyMain {
    private ProxyMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: ProxyMain alb PORT UPSTREAM_PORT... | ProxyMain link LISTEN=UPSTREAM...");
            System.exit(2);
        }
        InetAddress lo = InetAddress.getLoopbackAddress();
        List<AutoCloseable> open = new ArrayList<>();
        switch (args[0]) {
            case "alb" -> {
                AlbSimulator alb = AlbSimulator.start(AlbConfig.builder().listenPort(Integer.parseInt(args[1]))
                        .timeScale(0.1).healthCheck(HealthCheck.builder().path("/").build()).build());
                open.add(alb);
                for (int i = 2; i < args.length; i++) {
                    alb.register("t" + (i - 1), new InetSocketAddress(lo, Integer.parseInt(args[i])), "us-east-1a");
                }
                long deadline = System.nanoTime() + 30_000_000_000L;
                while (!alb.targetHealth().values().stream().allMatch(h -> h.state() == TargetState.HEALTHY)) {
                    if (System.nanoTime() > deadline) {
                        System.err.println("ALB targets not healthy within 30 s: " + alb.targetHealth());
                        System.exit(1);
                    }
                    Thread.sleep(20);
                }
            }
            case "link" -> {
                for (int i = 1; i < args.length; i++) {
                    String[] pair = args[i].split("=", 2);
                    open.add(Link.open("bench-" + i, new InetSocketAddress(lo, Integer.parseInt(pair[1])),
                            Integer.parseInt(pair[0])));
                }
            }
            default -> {
                System.err.println("unknown proxy '" + args[0] + "'; use alb or link");
                System.exit(2);
            }
        }
        System.out.println("ready");
        System.out.flush();
        InputStream in = System.in;
        byte[] b = new byte[256];
        try {
            while (in.read(b) >= 0) {
                // wait for the benchmark to close our stdin
            }
        } catch (IOException e) {
            // parent gone
        }
        for (AutoCloseable c : open) {
            c.close();
        }
        System.exit(0);
    }
}
