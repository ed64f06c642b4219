package dev.firedrill.harness.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.firedrill.harness.FiredrillException;
import dev.firedrill.harness.backend.aws.AwsCost;
import dev.firedrill.harness.backend.aws.AwsTemplate;
import dev.firedrill.harness.backend.aws.FisCatalog;
import dev.firedrill.harness.backend.aws.FisExperiments;
import dev.firedrill.harness.scenario.Scenario;
import dev.firedrill.harness.scenario.ScenarioYaml;
import dev.firedrill.harness.topology.Topology;
import dev.firedrill.harness.topology.TopologyYaml;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code firedrill aws plan [--topology FILE | SCENARIO] [--out FILE]}: writes the CloudFormation template and
 * prints what it holds, what it costs and what FIS can and cannot reproduce of the scenario's faults.
 */
@Command(name = "plan", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Write the CloudFormation template (JSON) of a topology, or of a scenario's topology plus one FIS "
                + "experiment template per fault FIS can reproduce, and print its resources by type, its cost (per hour, "
                + "per rehearsal, per month if forgotten), the FIS experiments and every fault AWS cannot reproduce, "
                + "with the reason. Contacts no AWS service and creates nothing.", ""},
        footer = {"", "Examples:",
                "  ./firedrill aws plan                        # target/firedrill/aws/default-template.json",
                "  ./firedrill aws plan az-outage              # the built-in scenario's stack + FIS experiments",
                "  ./firedrill aws plan -t shop.yaml --out shop.json",
                "  cfn-lint target/firedrill/aws/default-template.json"})
final class AwsPlanCommand implements Callable<Integer> {
    @Parameters(index = "0", arity = "0..1", paramLabel = "SCENARIO",
            description = "A built-in scenario name or a scenario YAML file: its topology plus its FIS experiments.")
    String scenario;

    @Option(names = {"-t", "--topology"}, paramLabel = "FILE",
            description = "Topology YAML file (default: the built-in topology); not with SCENARIO, which has its own.")
    Path topology;

    @Option(names = "--out", paramLabel = "FILE",
            description = "Where to write the template (default: target/firedrill/aws/<name>-template.json).")
    Path out;

    @Option(names = "--run-id", paramLabel = "ID",
            description = "The run id every resource is tagged with (firedrill:run-id); default <name>-plan.")
    String runId;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        if (scenario != null && topology != null) {
            throw new FiredrillException("give --topology FILE or SCENARIO, not both: a scenario brings its own "
                    + "topology (its 'topology:' section)");
        }
        Scenario s = scenario == null ? null : ScenarioYaml.resolve(scenario).scenario();
        Topology t = s != null ? s.topology() : topology != null ? TopologyYaml.load(topology) : Topology.defaults();
        String name = s != null ? s.name() : t.name();
        String id = runId != null ? runId : name + "-plan";
        ObjectNode template = s != null ? AwsTemplate.of(s, id) : AwsTemplate.of(t, id);
        Path file = out != null ? out : Path.of("target", "firedrill", "aws", name + "-template.json");
        write(file, AwsTemplate.json(template));

        PrintWriter o = spec.commandLine().getOut();
        o.printf("aws plan: %s, region %s, run id %s%n", s != null ? "scenario '" + s.name() + "' (topology '"
                + t.name() + "')" : "topology '" + t.name() + "'", t.region(), id);
        Map<String, Integer> counts = AwsTemplate.resourceCounts(template);
        int total = counts.values().stream().mapToInt(Integer::intValue).sum();
        o.printf("wrote %s: %d resources%n%n", file, total);
        counts.forEach((type, n) -> o.printf("  %-44s %3d%n", type, n));
        o.println();
        AwsPlanOutput.cost(o, AwsCost.of(t, s));
        if (s != null) {
            o.println();
            AwsPlanOutput.faults(o, FisExperiments.plan(s, id), t.loadBalancer() != null);
        }
        if (t.fleet() != null && !t.fleet().app().isReferenceApp()) {
            o.println();
            o.println("note: the fleet's command runs on the instances as written (" + String.join(" ",
                    t.fleet().app().command()) + "): the files it names must be on the image (parameter ImageId); "
                    + "nothing is copied there");
        }
        List<String> problems = FisCatalog.standard().check(template);
        if (!problems.isEmpty()) {
            spec.commandLine().getErr().println("internal error (please report it): the generated FIS experiment "
                    + "templates fail the FIS catalog check:");
            problems.forEach(p -> spec.commandLine().getErr().println("  " + p));
            return Main.FAILED;
        }
        return Main.OK;
    }

    private static void write(Path file, String text) {
        try {
            Path dir = file.toAbsolutePath().getParent();
            if (dir != null) {
                Files.createDirectories(dir);
            }
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new FiredrillException("--out " + file + ": cannot write the template there (" + e.getMessage()
                    + "); give a writable path, e.g. --out /tmp/template.json");
        }
    }
}
