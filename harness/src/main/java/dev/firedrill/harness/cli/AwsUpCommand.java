package dev.firedrill.harness.cli;

import dev.firedrill.harness.FiredrillException;
import dev.firedrill.harness.backend.aws.AccountGuard;
import dev.firedrill.harness.backend.aws.AwsClients;
import dev.firedrill.harness.backend.aws.AwsStack;
import dev.firedrill.harness.backend.aws.AwsSweep;
import dev.firedrill.harness.backend.aws.AwsTemplate;
import dev.firedrill.harness.backend.aws.RunJournal;
import dev.firedrill.harness.topology.Topology;
import dev.firedrill.harness.topology.TopologyYaml;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
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

    @Option(names = "--journal", paramLabel = "FILE", defaultValue = CliPaths.DEFAULT_AWS_JOURNAL,
            description = "Where the run journal goes (default: ${DEFAULT-VALUE}).")
    Path journalFile;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Topology t = topologyFile == null ? Topology.defaults() : TopologyYaml.load(topologyFile);
        if (Files.exists(journalFile)) {
            RunJournal last = RunJournal.read(journalFile);
            throw new FiredrillException("the last 'aws up' (stack " + last.stackName() + ", run " + last.runId()
                    + ", created " + last.createdAt() + ") is still recorded in " + journalFile + "; delete it first: "
                    + "./firedrill aws down --confirm-account " + last.account());
        }
        String runId = AwsStack.newRunId();
        var generated = AwsTemplate.of(t, runId);
        requireParameters(generated);
        String reg = region != null ? region : t.region();
        try (AwsClients clients = AwsClients.of(reg, aws.endpoint)) {
            String account = AccountGuard.require(clients, aws.confirmAccount);
            String stackName = AwsStack.nameFor(t.name(), runId);
            boolean moto = AwsClients.isMoto(aws.endpoint);
            String template = AwsTemplate.json(moto ? AwsTemplate.forMoto(generated) : generated);
            Instant now = Instant.now();
            new RunJournal(runId, stackName, reg, aws.endpoint, account, t.name(), now,
                    now.plus(Duration.ofMinutes(timeoutMinutes))).write(journalFile);
            out.printf("firedrill aws up: topology '%s', stack %s in account %s, %s%s%n", t.name(), stackName, account, reg,
                    aws.endpoint == null ? "" : " at " + aws.endpoint);
            if (moto) {
                out.println("  the endpoint is moto: the DB instances use RDS's default parameter group (moto cannot "
                        + "create them with one), so the replica-lag fault's recovery_min_apply_delay is not set up");
            }
            out.flush();
            AwsStack stack = new AwsStack(clients, stackName);
            CountDownLatch stopped = new CountDownLatch(1);
            boolean[] keep = {false};
            Thread hook = new Thread(() -> {
                if (!keep[0]) {
                    out.println();
                    out.println("deleting stack " + stackName + " and everything tagged " + AwsStack.RUN_TAG + "="
                            + runId + "...");
                    out.flush();
                    teardown(clients, stack, runId, journalFile, out);
                }
                stopped.countDown();
            }, "firedrill-aws-teardown");
            Runtime.getRuntime().addShutdownHook(hook);
            try {
                stack.create(template, params, runId, line -> {
                    out.println("  " + line);
                    out.flush();
                }, Duration.ofMinutes(timeoutMinutes));
            } catch (RuntimeException e) {
                Runtime.getRuntime().removeShutdownHook(hook);
                out.println("stack creation failed: " + e.getMessage());
                teardown(clients, stack, runId, journalFile, out);
                return Main.FAILED;
            }
            out.printf("ready in %s — stack %s%n", UpCommand.secs(java.time.Duration.between(now, Instant.now()).toNanos()),
                    stackName);
            stack.outputs().forEach((k, v) -> out.printf("  %-22s %s%n", k, v));
            out.flush();
            if (exitWhenReady) {
                keep[0] = true;
                Runtime.getRuntime().removeShutdownHook(hook);
                out.println("left running (it bills): ./firedrill aws down" + (aws.endpoint == null ? ""
                        : " --aws-endpoint " + aws.endpoint) + " --confirm-account " + account + " deletes it");
                return Main.OK;
            }
            out.println("serving; press Ctrl-C to delete everything");
            out.flush();
            stopped.await();
            return Main.OK;
        }
    }

    /** A parameter the template has no default for is known missing before anything is asked of AWS. */
    private void requireParameters(com.fasterxml.jackson.databind.JsonNode template) {
        var parameters = template.path("Parameters");
        List<String> missing = new java.util.ArrayList<>();
        parameters.fieldNames().forEachRemaining(k -> {
            if (!parameters.path(k).has("Default") && !params.containsKey(k)) {
                missing.add(k);
            }
        });
        if (!missing.isEmpty()) {
            throw new FiredrillException("nothing was created: the template needs --param " + String.join(", --param ",
                    missing.stream().map(k -> k + "=VALUE").toList()) + ": " + String.join("; ", missing.stream()
                    .map(k -> k + " (" + parameters.path(k).path("Description").asText() + ")").toList()));
        }
    }

    /** Deletes the stack, sweeps by tag, and removes the journal once nothing is left; prints what remains. */
    static boolean teardown(AwsClients clients, AwsStack stack, String runId, Path journal, PrintWriter out) {
        try {
            List<String> retained = stack.delete(line -> {
                out.println("  " + line);
                out.flush();
            }, Duration.ofMinutes(30));
            List<AwsSweep.Leftover> left = new AwsSweep(clients, runId).delete(line -> {
                out.println("  sweep: " + line);
                out.flush();
            });
            if (left.isEmpty()) {
                Files.deleteIfExists(journal);
                out.println("deleted: nothing tagged " + AwsStack.RUN_TAG + "=" + runId + " remains"
                        + (retained.isEmpty() ? "" : " (CloudFormation could not delete " + retained
                        + "; the sweep did)"));
                out.flush();
                return true;
            }
            out.println("NOT everything was deleted; still tagged " + runId + ": " + left + ". The journal "
                    + journal + " is kept; run ./firedrill aws down again, or ./firedrill aws clean");
            out.flush();
            return false;
        } catch (Exception e) {
            out.println("teardown failed: " + e + "; the journal " + journal + " is kept: run ./firedrill aws down");
            out.flush();
            return false;
        }
    }
}
