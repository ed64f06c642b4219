package dev.firedrill.harness.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.firedrill.harness.fleet.DeployException;
import dev.firedrill.harness.fleet.DeployStrategy;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code firedrill deploy}: rolls a release out to the fleet of a running {@code up}. */
@Command(name = "deploy", sortOptions = false,
        description = {"Deploy a release to the fleet of a running './firedrill up' and follow it to its end: released "
                + "(exit 0) or rolled back (exit 1). Bad options or an unknown release exit 2 and change nothing.",
                "",
                "Strategies:",
                "  rolling     batches replaced in place, as an Auto Scaling instance refresh: each batch's targets are",
                "              deregistered and drain for the deregistration delay, the instances are replaced, and",
                "              the new ones are healthy before the next batch.",
                "  blue-green  a second target group with the release at full capacity; when all of it is healthy the",
                "              listener switches to it and the old group is kept for a rollback until the bake ends.",
                "  canary      blue-green, but first --canary-percent of requests go to the new group for the bake.",
                "",
                "A release is rolled back automatically when an instance is not healthy within --health-timeout, or",
                "when more than --max-error-rate of its requests get a 5xx, or its p99 exceeds --max-p99. Durations",
                "are AWS time: the topology's timeScale shortens them as it does every AWS timer.",
                "Releases of the reference app: v1, v2, v3, and the bad ones v2-unhealthy (never healthy), v2-errors",
                "(5xx on half the item requests), v2-slow-start (listens after 20 s); more under fleet.versions.",
                ""},
        footer = {"", "Examples:",
                "  ./firedrill deploy --version v2                                   # rolling, AWS's defaults",
                "  ./firedrill deploy --strategy rolling --version v2 --batch-size 1 --min-healthy-percent 66",
                "  ./firedrill deploy --strategy canary --version v2-errors --canary-percent 10 --bake-time 60s",
                "  ./firedrill deploy --strategy blue-green --version v3 --bake-time 120s"})
final class DeployCommand implements Callable<Integer> {
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;

    @Option(names = "--strategy", paramLabel = "STRATEGY", defaultValue = "rolling",
            converter = StrategyConverter.class,
            description = "rolling, blue-green or canary (default: ${DEFAULT-VALUE}).")
    DeployStrategy strategy;

    @Option(names = "--version", paramLabel = "RELEASE",
            description = "Required: the release to deploy, e.g. v2 (the topology's fleet.versions, or the reference "
                    + "app's).")
    String release;

    @Option(names = "--batch-size", paramLabel = "N|P%",
            description = "Rolling: instances per batch (1) or a share of the capacity (34%%). Default: as many as "
                    + "--min-healthy-percent allows, at least 1.")
    String batchSize;

    @Option(names = "--min-healthy-percent", paramLabel = "P", defaultValue = "90",
            description = "Rolling: the share of the capacity that keeps serving during the deployment (default: "
                    + "${DEFAULT-VALUE}, the instance refresh's default).")
    int minHealthyPercent;

    @Option(names = "--bake-time", paramLabel = "DURATION", defaultValue = "5m",
            description = "Blue/green and canary: how long the new group is watched (and the old one kept) before the "
                    + "old one is retired (default: ${DEFAULT-VALUE}, AWS time).")
    String bakeTime;

    @Option(names = "--canary-percent", paramLabel = "P", defaultValue = "10",
            description = "Canary: the share of requests the new group gets during the bake (default: "
                    + "${DEFAULT-VALUE}, as CodeDeploy's Canary10Percent5Minutes).")
    int canaryPercent;

    @Option(names = "--max-error-rate", paramLabel = "FRACTION", defaultValue = "0.05",
            description = "Roll back when more than this share of the release's requests get a 5xx (default: "
                    + "${DEFAULT-VALUE}).")
    double maxErrorRate;

    @Option(names = "--max-p99", paramLabel = "DURATION",
            description = "Roll back when the release's p99 latency on any instance exceeds this (default: none).")
    String maxP99;

    @Option(names = "--min-requests", paramLabel = "N", defaultValue = "20",
            description = "Requests the release must have served before its error rate and latency are judged "
                    + "(default: ${DEFAULT-VALUE}).")
    int minRequests;

    @Option(names = "--health-timeout", paramLabel = "DURATION", defaultValue = "300s",
            description = "Roll back when a new instance is not healthy this long after its launch (default: "
                    + "${DEFAULT-VALUE}, AWS time).")
    String healthTimeout;

    @Option(names = "--shift-steps", paramLabel = "N", defaultValue = "1",
            description = "Blue/green and canary: move the listener to the new group in N equal steps (default: "
                    + "${DEFAULT-VALUE}, at once; 4 = 25/50/75/100 %%), each held for --shift-interval and watched.")
    int shiftSteps;

    @Option(names = "--shift-interval", paramLabel = "DURATION", defaultValue = "60s",
            description = "How long each shift step is held (default: ${DEFAULT-VALUE}, AWS time).")
    String shiftInterval;

    @Option(names = "--no-rollback", description = "Never roll back automatically; report what was seen.")
    boolean noRollback;

    @Option(names = "--no-wait", description = "Start the deployment and return at once (exit 0 once it started).")
    boolean noWait;

    @Option(names = "--endpoints", paramLabel = "FILE", defaultValue = CliPaths.DEFAULT_ENDPOINTS,
            description = "The endpoints file of the running 'up' (default: ${DEFAULT-VALUE}).")
    Path endpoints;

    @Spec
    CommandSpec spec;

    /** Parses the strategy with the same message as the API. */
    static final class StrategyConverter implements ITypeConverter<DeployStrategy> {
        @Override
        public DeployStrategy convert(String value) {
            try {
                return DeployStrategy.parse(value);
            } catch (DeployException e) {
                throw new picocli.CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }

    @Override
    public Integer call() {
        if (release == null || release.isBlank()) {
            throw new DeployException("deploy needs --version RELEASE, the release to roll out, e.g. --version v2");
        }
        Map<String, String> options = new LinkedHashMap<>();
        options.put("strategy", strategy.id());
        options.put("version", release);
        if (batchSize != null) {
            options.put("batchSize", batchSize);
        }
        options.put("minHealthyPercent", Integer.toString(minHealthyPercent));
        options.put("bakeTime", bakeTime);
        options.put("canaryPercent", Integer.toString(canaryPercent));
        options.put("maxErrorRate", Double.toString(maxErrorRate));
        if (maxP99 != null) {
            options.put("maxP99", maxP99);
        }
        options.put("minRequests", Integer.toString(minRequests));
        options.put("healthTimeout", healthTimeout);
        options.put("rollback", Boolean.toString(!noRollback));
        options.put("shiftSteps", Integer.toString(shiftSteps));
        options.put("shiftInterval", shiftInterval);
        // validated here first, so a typo never reaches the stack
        dev.firedrill.harness.fleet.DeployOptions.parse(options);
        ControlClient control = ControlClient.from(endpoints);
        JsonNode started = control.post("/firedrill/deploy", options);
        PrintWriter out = spec.commandLine().getOut();
        out.println("deploying: " + started.get("started").asText());
        if (noWait) {
            return Main.OK;
        }
        int since = started.get("since").asInt();
        while (true) {
            JsonNode f = control.get("/firedrill/fleet?since=" + since);
            for (JsonNode e : f.get("events")) {
                out.printf("  %-12s %-8s %-14s %s (in service %d/%d)%n", e.get("action").asText(),
                        e.path("instance").asText("-").equals("null") ? "-" : e.path("instance").asText("-"),
                        e.path("release").asText(""), e.path("detail").asText(""), e.get("inService").asInt(),
                        e.get("desired").asInt());
            }
            since = f.get("next").asInt();
            String state = f.get("deployment").asText();
            if (!state.equals("running")) {
                out.println(switch (state) {
                    case "released" -> "released " + release;
                    case "rolled-back" -> "ROLLED BACK: " + f.get("reason").asText();
                    default -> "deployment failed: " + f.get("reason").asText();
                });
                return state.equals("released") ? Main.OK : Main.FAILED;
            }
            try {
                Thread.sleep(Duration.ofMillis(250).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                out.println("stopped following; the deployment goes on (./firedrill deploy is not cancelled)");
                return Main.INTERRUPTED;
            }
        }
    }
}
