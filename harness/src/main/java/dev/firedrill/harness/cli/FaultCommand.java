package dev.firedrill.harness.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.firedrill.harness.fault.FaultSpec;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code firedrill fault KIND TARGET}: injects a fault into a running {@code up}. */
@Command(name = "fault", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Inject a fault into the topology served by a running './firedrill up'. Every fault has a heal: "
                + "with --for it heals itself, else run './firedrill heal'.", ""},
        footer = {"", "Kinds and targets:",
                "  latency       EDGES  --latency 300ms [--jitter 50ms] [--stream down|up] [--toxicity 1]",
                "  bandwidth     EDGES  --rate KB/s",
                "  timeout       EDGES  [--timeout 0ms]   (0 = blackhole: data dropped, connection kept open)",
                "  reset-peer    EDGES  [--timeout 0ms]",
                "  slow-close    EDGES  --delay 1s",
                "  slicer        EDGES  [--average-size 64] [--size-variation 32] [--delay-us 10]",
                "  limit-data    EDGES  --bytes N",
                "  partition     SIDE_A|SIDE_B  [--mode blackhole|reject] [--one-way]",
                "  kill|stop|pause|restart   INSTANCES",
                "  replica-lag   REPLICA|all  [--mode pause|delay|throttle] [--delay 5s] [--rate KB/s]",
                "  failover      primary  [--profile rds-multi-az-instance|rds-multi-az-cluster|aurora|instant]",
                "  cache-outage  redis  [--mode kill|partition]",
                "  queue-outage  sqs  [--mode blackhole|errors]",
                "  az-outage     AZ (e.g. us-east-1a)",
                "",
                "EDGES: a link name (app-1_db-writer), a glob (app-*_db-writer) or FROM->TO with components, tiers",
                "  (alb, app, db, redis, sqs, client) or AZs, e.g. 'app->db'. List links: curl $control/proxies",
                "INSTANCES: app-1 | app-1,app-2 | random | count(2) | percent(50) | az(us-east-1a)",
                "Vocabulary as Toxiproxy: upstream = client → server, downstream = server → client.",
                "",
                "Examples:",
                "  ./firedrill fault latency 'app->db' --latency 300ms --for 30s",
                "  ./firedrill fault partition 'app|db' --mode reject --for 10s",
                "  ./firedrill fault kill random",
                "  ./firedrill fault failover primary --profile aurora"})
final class FaultCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "KIND", description = "Fault kind (see below).")
    String kind;

    @Parameters(index = "1", paramLabel = "TARGET", description = "What to hit (see below).")
    String target;

    @Option(names = "--for", paramLabel = "DURATION", description = "Heal automatically after this long, e.g. 10s.")
    String duration;

    @Option(names = "--latency", paramLabel = "DURATION") String latency;
    @Option(names = "--jitter", paramLabel = "DURATION") String jitter;
    @Option(names = "--stream", paramLabel = "down|up") String stream;
    @Option(names = "--toxicity", paramLabel = "P", description = "Probability per connection, 0..1 (default 1).")
    String toxicity;
    @Option(names = "--rate", paramLabel = "KB/s") String rate;
    @Option(names = "--timeout", paramLabel = "DURATION") String timeout;
    @Option(names = "--delay", paramLabel = "DURATION") String delay;
    @Option(names = "--average-size", paramLabel = "BYTES") String averageSize;
    @Option(names = "--size-variation", paramLabel = "BYTES") String sizeVariation;
    @Option(names = "--delay-us", paramLabel = "MICROS") String delayUs;
    @Option(names = "--bytes", paramLabel = "N") String bytes;
    @Option(names = "--mode", paramLabel = "MODE") String mode;
    @Option(names = "--one-way", description = "Partition: block only connections from SIDE_A to SIDE_B.")
    boolean oneWay;
    @Option(names = "--profile", paramLabel = "PROFILE") String profile;

    @Option(names = "--endpoints", paramLabel = "FILE", defaultValue = CliPaths.DEFAULT_ENDPOINTS,
            description = "The endpoints file of the running 'up' (default: ${DEFAULT-VALUE}).")
    Path endpoints;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Map<String, String> options = new LinkedHashMap<>();
        put(options, "latency", latency);
        put(options, "jitter", jitter);
        put(options, "stream", stream);
        put(options, "toxicity", toxicity);
        put(options, "rate", rate);
        put(options, "timeout", timeout);
        put(options, "delay", delay);
        put(options, "average-size", averageSize);
        put(options, "size-variation", sizeVariation);
        put(options, "delay-us", delayUs);
        put(options, "bytes", bytes);
        put(options, "mode", mode);
        put(options, "profile", profile);
        if (oneWay) {
            options.put("one-way", "true");
        }
        // validate here first: bad input never reaches the running topology
        FaultSpec.of(kind, target, duration, options).toFault();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("kind", kind);
        body.put("target", target);
        body.put("for", duration);
        body.put("options", options);
        JsonNode r = ControlClient.from(endpoints).post("/firedrill/faults", body);
        spec.commandLine().getOut().printf("injected %s %s on %s%s%n", r.get("id").asText(), r.get("kind").asText(),
                r.get("targets"), r.has("healsInMs") ? "; heals in " + r.get("healsInMs").asLong() + " ms"
                        : "; run './firedrill heal' to heal");
        return Main.OK;
    }

    private static void put(Map<String, String> m, String k, String v) {
        if (v != null) {
            m.put(k, v);
        }
    }
}
