package dev.firedrill.harness.cli;

import dev.firedrill.harness.topology.SecurityGroupRules;
import dev.firedrill.harness.topology.ComponentSpec;
import dev.firedrill.harness.topology.Topology;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code firedrill validate}: checks a topology without starting anything. */
@Command(name = "validate", mixinStandardHelpOptions = true,
        description = "Check a topology file and list the components it would start; starts nothing.")
final class ValidateCommand implements Callable<Integer> {
    @Mixin
    TopologyOption topology = new TopologyOption();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Topology t = topology.load();
        var out = spec.commandLine().getOut();
        out.printf("topology '%s' is valid (timeScale %s, region %s, backend %s)%n", t.name(), t.timeScale(), t.region(),
                topology.backend(t).name());
        for (ComponentSpec c : t.components()) {
            out.printf("  %-16s %-17s %-11s %s%n", c.name(), c.kind().id(), c.az(),
                    c.securityGroup() == null ? "" : c.securityGroup());
        }
        for (String w : SecurityGroupRules.warnings(t)) {
            out.println("warning: " + w);
        }
        return Main.OK;
    }
}
