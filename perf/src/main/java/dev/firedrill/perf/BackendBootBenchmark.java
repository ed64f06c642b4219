package dev.firedrill.perf;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.firedrill.harness.backend.Backends;
import dev.firedrill.harness.backend.Deployment;
import dev.firedrill.harness.topology.Topology;
import dev.firedrill.perf.internal.Stats;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Boot time of the default topology with the reference app (3 instances, PostgreSQL primary + replica, Redis,
 * ElasticMQ, ALB), embedded vs containers, side by side: interleaved rounds (embedded, containers, embedded, …) in
 * one JVM after one untimed warm-up of each, so both see the same machine. Times {@code deploy()} call → returned
 * (every component ready, targets in service) and {@code close()}; prints the medians, ranges and the ratio
 * containers / embedded. Needs a Docker engine with the images ({@code ci/scripts/build-images.sh}) and the
 * reference app's jar ({@code mvn -pl app-under-test -am package -DskipTests}). Not JMH: one iteration takes seconds.
 *
 * <p>Usage: {@code BackendBootBenchmark [--rounds 5] [--out perf/target/benchmarks/backend-boot.json]}.
 */
public final class BackendBootBenchmark {
    private BackendBootBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = 5;
        Path out = Path.of("perf/target/benchmarks/backend-boot.json");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                case "--out" -> out = Path.of(args[++i]);
                default -> {
                    System.err.println("unknown option '" + args[i] + "'; usage: BackendBootBenchmark [--rounds N] "
                            + "[--out FILE]");
                    System.exit(2);
                }
            }
        }
        Topology t = Topology.defaults();
        List<String> backends = List.of("embedded", "containers");
        Map<String, List<Double>> up = new LinkedHashMap<>();
        Map<String, List<Double>> down = new LinkedHashMap<>();
        for (String b : backends) {
            up.put(b, new ArrayList<>());
            down.put(b, new ArrayList<>());
            System.out.printf("warm-up %s (not timed)%n", b);
            boot(b, t);
        }
        for (int r = 1; r <= rounds; r++) {
            for (String b : backends) {
                double[] ms = boot(b, t);
                up.get(b).add(ms[0]);
                down.get(b).add(ms[1]);
                System.out.printf(Locale.ROOT, "round %d %-10s up %6.0f ms, close %5.0f ms%n", r, b, ms[0], ms[1]);
            }
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("date", LocalDate.now().toString());
        result.put("cores", Runtime.getRuntime().availableProcessors());
        result.put("rounds", rounds);
        result.put("topology", "default: 3 reference-app instances, PostgreSQL primary + 1 replica, Redis, ElasticMQ, "
                + "ALB; timeScale " + t.timeScale());
        for (String b : backends) {
            Stats u = Stats.of(up.get(b));
            Stats c = Stats.of(down.get(b));
            result.put(b, Map.of("upMs", u, "closeMs", c));
            System.out.printf(Locale.ROOT, "%-10s up median %.0f ms (%.0f–%.0f), close median %.0f ms (%.0f–%.0f)%n",
                    b, u.median(), u.min(), u.max(), c.median(), c.min(), c.max());
        }
        double ratio = Stats.of(up.get("containers")).median() / Stats.of(up.get("embedded")).median();
        result.put("upRatioContainersToEmbedded", ratio);
        System.out.printf(Locale.ROOT, "containers / embedded boot (medians): %.2f×%n", ratio);
        Files.createDirectories(out.toAbsolutePath().getParent());
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(out.toFile(), result);
        System.out.println("wrote " + out);
    }

    private static double[] boot(String backend, Topology t) {
        long t0 = System.nanoTime();
        Deployment d = Backends.named(backend).deploy(t);
        long t1 = System.nanoTime();
        d.close();
        long t2 = System.nanoTime();
        return new double[] {(t1 - t0) / 1e6, (t2 - t1) / 1e6};
    }
}
