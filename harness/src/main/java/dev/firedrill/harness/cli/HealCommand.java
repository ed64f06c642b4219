package dev.firedrill.harness.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code firedrill heal}: heals every fault of a running {@code up} and verifies the topology. */
@Command(name = "heal", mixinStandardHelpOptions = true,
        description = "Heal every active fault of a running './firedrill up', then verify the topology is healthy "
                + "again (links clear, replicas streaming, targets healthy). Exit 1 if it is not healthy within 60 s.")
final class HealCommand implements Callable<Integer> {
    @Option(names = "--endpoints", paramLabel = "FILE", defaultValue = CliPaths.DEFAULT_ENDPOINTS,
            description = "The endpoints file of the running 'up' (default: ${DEFAULT-VALUE}).")
    Path endpoints;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        JsonNode r = ControlClient.from(endpoints).post("/firedrill/heal", Map.of());
        var out = spec.commandLine().getOut();
        out.printf("healed %d fault(s); topology %s%n", r.get("healed").asInt(),
                r.get("healthy").asBoolean() ? "healthy" : "NOT healthy");
        r.get(r.get("healthy").asBoolean() ? "checks" : "problems").forEach(c -> out.println("  " + c.asText()));
        return r.get("healthy").asBoolean() ? Main.OK : Main.FAILED;
    }
}
