package dev.firedrill.harness.cli;

import dev.firedrill.harness.backend.aws.AwsRun;
import dev.firedrill.harness.backend.aws.AwsSettings;
import dev.firedrill.harness.backend.aws.AwsStack;
import dev.firedrill.harness.topology.Topology;
import dev.firedrill.harness.topology.TopologyYaml;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code firedrill aws up}: creates the topology's stack in an AWS account and keeps it until Ctrl-C. */
@Command(name = "up", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Create the topology as a CloudFormation stack (the template 'aws plan' writes; every resource "
                + "tagged with the run id) and wait until it is complete, printing each resource as CloudFormation "
                + "reports it. Then serve until Ctrl-C or SIGTERM and delete everything; Ctrl-C during the creation "
                + "deletes too.",
                "With --exit-when-ready it returns once the stack is ready and leaves it running (it bills!) until "
                        + "'./firedrill aws down', which finds it through the run journal.",
                "Nothing is created without --confirm-account matching the credentials' account (exit 2)."},
        footer = {"", "Examples:", "  ./firedrill aws up --confirm-account 123456789012",
                "  ./firedrill aws up -t shop.yaml --aws-endpoint http://127.0.0.1:5000 --confirm-account 123456789012 "
                        + "--exit-when-ready", "  ./firedrill aws down --confirm-account 123456789012"})
final class AwsUpCommand implements Callable<Integer> {
    @Option(names = {"-t", "--topology"}, paramLabel = "FILE", description = "Topology YAML (default: the built-in one).")
    Path topologyFile;

    @Mixin
    AwsOptions aws = new AwsOptions();

    @Option(names = "--region", paramLabel = "REGION", description = "Default: the topology's region.")
    String region;

    @Option(names = "--param", paramLabel = "KEY=VALUE", description = "A template parameter (ImageId, InstanceType, "
            + "AppArtifactUrl...); repeatable.")
    Map<String, String> params = new LinkedHashMap<>();

    @Option(names = "--exit-when-ready", description = "Return once the stack is ready and leave it running.")
    boolean exitWhenReady;

    @Option(names = "--timeout", paramLabel = "MINUTES", defaultValue = "60",
            description = "Give up (and delete) when the stack is not complete after this long (default: ${DEFAULT-VALUE}; "
                    + "RDS Multi-AZ alone takes ~20 min).")
    long timeoutMinutes;

    @Mixin
    AwsGuardOptions guards = new AwsGuardOptions();

    @Option(names = "--journal", paramLabel = "FILE", defaultValue = CliPaths.DEFAULT_AWS_JOURNAL,
            description = "Where the run journal goes (default: ${DEFAULT-VALUE}).")
    Path journalFile;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Topology t = topologyFile == null ? Topology.defaults() : TopologyYaml.load(topologyFile);
        AwsSettings settings = guards.apply(AwsSettings.defaults().withEndpoint(aws.endpoint)
                .withConfirmAccount(aws.confirmAccount).withRegion(region).withParams(params)
                .withCreateTimeout(Duration.ofMinutes(timeoutMinutes)).withJournal(journalFile));
        Consumer<String> print = line -> {
            out.println(line);
            out.flush();
        };
        long t0 = System.nanoTime();
        try (Interrupts interrupts = Interrupts.install(Thread.currentThread(), spec.commandLine().getErr())) {
            AwsRun run = AwsRun.prepare(t, settings, null, l -> print.accept(l.startsWith("stack ")
                    ? "firedrill aws up: topology '" + t.name() + "', " + l : "  " + l));
            try {
                run.provision(print);
            } catch (RuntimeException e) {
                Thread.interrupted();
                return interrupts.received() != null ? Main.INTERRUPTED : Main.FAILED;
            }
            out.printf("ready in %s — stack %s%n", UpCommand.secs(System.nanoTime() - t0), run.stack().name());
            run.outputs().forEach((k, v) -> out.printf("  %-22s %s%n", k, v));
            out.flush();
            if (exitWhenReady) {
                run.detach();
                out.println("left running (it bills): ./firedrill aws down" + (aws.endpoint == null ? ""
                        : " --aws-endpoint " + aws.endpoint) + " --confirm-account " + run.account() + " deletes it");
                return Main.OK;
            }
            out.println("serving; press Ctrl-C to delete everything (at " + run.deadline() + " it is deleted anyway: "
                    + "--max-run-time)");
            out.flush();
            try {
                Thread.sleep(Math.max(0, Duration.between(java.time.Instant.now(), run.deadline()).toMillis()));
                out.println("--max-run-time reached");
            } catch (InterruptedException e) {
                Thread.interrupted();
            }
            out.println();
            out.println("deleting stack " + run.stack().name() + " and everything tagged " + AwsStack.RUN_TAG + "="
                    + run.runId() + "...");
            out.flush();
            boolean clean = run.teardown(print);
            run.clients().close();
            return interrupts.received() != null ? Main.INTERRUPTED : clean ? Main.OK : Main.FAILED;
        }
    }
}
