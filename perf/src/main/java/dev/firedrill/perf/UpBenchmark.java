package dev.firedrill.perf;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.firedrill.harness.backend.Backend;
import dev.firedrill.harness.backend.Backends;
import dev.firedrill.harness.backend.Deployment;
import dev.firedrill.harness.testapp.TestTopologies;
import dev.firedrill.harness.topology.Topology;
import dev.firedrill.perf.internal.CliUp;
import dev.firedrill.perf.internal.Stats;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * How long the embedded backend takes to bring a topology up, with binaries already cached: N timed
 * iterations (after one untimed warm-up) of {@code deploy()} call → returned (every component ready, ALB
 * targets in service), then {@code close()}, for two variants:
 * <ul>
 *   <li>{@code fleet3}: the default topology with 3 harness TestServer instances, timeScale 0.1;</li>
 *   <li>{@code data-only}: PostgreSQL primary + replica, Redis and SQS; no fleet, no load balancer.</li>
 * </ul>
 * Optionally ({@code --cli N}) also times {@code firedrill up --exit-when-ready} in fresh JVMs (JVM start
 * included). Not JMH: one iteration takes seconds.
 *
 * <p>Usage: {@code UpBenchmark [--iterations 7] [--cli 1] [--out perf/target/benchmarks/up.json]}.
 */
public final class UpBenchmark {
    private static final double TIME_SCALE = 0.1;

    private UpBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int iterations = 7;
        int cli = 1;
        Path out = Path.of("perf/target/benchmarks/up.json");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--iterations" -> iterations = Integer.parseInt(value(args, ++i));
                case "--cli" -> cli = Integer.parseInt(value(args, ++i));
                case "--out" -> out = Path.of(value(args, ++i));
                default -> {
                    System.err.println("unknown option '" + args[i] + "'; usage: UpBenchmark [--iterations N] [--cli N] "
                            + "[--out FILE]");
                    System.exit(2);
                }
            }
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("date", LocalDate.now().toString());
        result.put("cores", Runtime.getRuntime().availableProcessors());
        result.put("java", System.getProperty("java.version"));
        result.put("iterations", iterations);
        result.put("timeScale", TIME_SCALE);
        List<Map<String, Object>> variants = new ArrayList<>();
        variants.add(variant("fleet3", "default topology, 3 TestServer instances behind the ALB",
                () -> TestTopologies.withTestServers(3, TIME_SCALE), iterations));
        variants.add(variant("data-only", "PostgreSQL primary + replica, Redis, SQS; fleet count 0, no load balancer",
                UpBenchmark::dataOnly, iterations));
        result.put("variants", variants);
        if (cli > 0) {
            result.put("cli", cliRuns(cli));
        }
        Files.createDirectories(out.toAbsolutePath().getParent());
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(out.toFile(), result);
        System.out.println("wrote " + out);
    }

    static Topology dataOnly() {
        return Topology.builder().timeScale(TIME_SCALE).instances(0).loadBalancer(lb -> null).build();
    }

    private static Map<String, Object> variant(String name, String description, Supplier<Topology> topology,
                                               int iterations) {
        Backend backend = Backends.named("embedded");
        Topology t = topology.get();
        System.out.printf("%s: %s — 1 warm-up + %d timed iterations%n", name, description, iterations);
        deployAndClose(backend, t); // fills the binary caches and warms the JIT; not timed
        List<Double> up = new ArrayList<>();
        List<Double> down = new ArrayList<>();
        for (int i = 0; i < iterations; i++) {
            double[] ms = deployAndClose(backend, t);
            up.add(ms[0]);
            down.add(ms[1]);
            System.out.printf(Locale.ROOT, "  %s #%d: up %.0f ms, close %.0f ms%n", name, i + 1, ms[0], ms[1]);
        }
        Stats s = Stats.of(up);
        Stats c = Stats.of(down);
        System.out.printf(Locale.ROOT, "%s: up min %.0f / median %.0f / max %.0f ms%n", name, s.min(), s.median(),
                s.max());
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("name", name);
        v.put("description", description);
        v.put("components", t.components().size());
        v.put("upMs", up);
        v.put("up", s);
        v.put("closeMs", down);
        v.put("close", c);
        return v;
    }

    private static double[] deployAndClose(Backend backend, Topology t) {
        long t0 = System.nanoTime();
        Deployment d = backend.deploy(t);
        long t1 = System.nanoTime();
        d.close();
        long t2 = System.nanoTime();
        return new double[] {(t1 - t0) / 1e6, (t2 - t1) / 1e6};
    }

    private static Map<String, Object> cliRuns(int runs) throws IOException, InterruptedException {
        System.out.printf("cli: firedrill up --exit-when-ready, fleet of 3 TestServers, %d run(s)%n", runs);
        List<Double> ready = new ArrayList<>();
        List<Double> exit = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            CliUp.Timing timing = CliUp.run(TestTopologies.testServerCommand(), 3, TIME_SCALE);
            ready.add(timing.readyMs());
            exit.add(timing.exitMs());
            System.out.printf(Locale.ROOT, "  cli #%d: ready %.0f ms after JVM start, exited after %.0f ms%n", i + 1,
                    timing.readyMs(), timing.exitMs());
        }
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("description", "firedrill up --exit-when-ready in a fresh JVM (launcher's JVM flags), 3 TestServers");
        c.put("readyMs", ready);
        c.put("ready", Stats.of(ready));
        c.put("exitMs", exit);
        c.put("exit", Stats.of(exit));
        return c;
    }

    private static String value(String[] args, int i) {
        if (i >= args.length) {
            System.err.println("option '" + args[i - 1] + "' needs a value");
            System.exit(2);
        }
        return args[i];
    }
}
