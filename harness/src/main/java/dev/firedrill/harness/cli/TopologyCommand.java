package dev.firedrill.harness.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code firedrill topology}: prints the built-in default topology as commented YAML. */
@Command(name = "topology", mixinStandardHelpOptions = true,
        description = "Print the built-in default topology as YAML, a starting point for your own (-t FILE).")
final class TopologyCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        try (InputStream in = TopologyCommand.class.getResourceAsStream("/dev/firedrill/harness/topology/default.yaml")) {
            spec.commandLine().getOut().print(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        return Main.OK;
    }
}
