package dev.firedrill.harness.cli;

import dev.firedrill.harness.backend.aws.AccountGuard;
import dev.firedrill.harness.backend.aws.AwsClients;
import dev.firedrill.harness.backend.aws.AwsStack;
import dev.firedrill.harness.backend.aws.AwsSweep;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code firedrill aws clean}: lists and deletes leftovers of any run by tag. */
@Command(name = "clean", mixinStandardHelpOptions = true,
        description = {"List everything in the account and region tagged " + AwsStack.RUN_TAG + " (any run, or the "
                + "one --run-id names) and delete it, in dependency order. --dry-run only lists. Exit 0 when nothing "
                + "is left."})
final class AwsCleanCommand implements Callable<Integer> {
    @Mixin
    AwsOptions aws = new AwsOptions();

    @Option(names = "--region", paramLabel = "REGION", defaultValue = "us-east-1",
            description = "Default: ${DEFAULT-VALUE}.")
    String region;

    @Option(names = "--run-id", paramLabel = "ID", description = "Only this run's resources.")
    String runId;

    @Option(names = "--dry-run", description = "List, delete nothing.")
    boolean dryRun;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (AwsClients clients = AwsClients.of(region, aws.endpoint)) {
            String account = AccountGuard.require(clients, aws.confirmAccount);
            AwsSweep sweep = new AwsSweep(clients, runId);
            List<AwsSweep.Leftover> found = sweep.find();
            out.printf("%d resource(s) tagged %s%s in account %s, %s%n", found.size(), AwsStack.RUN_TAG,
                    runId == null ? "" : "=" + runId, account, region);
            found.forEach(l -> out.println("  " + l));
            if (dryRun || found.isEmpty()) {
                sweep.notes().forEach(n -> out.println("  note: " + n));
                return found.isEmpty() ? Main.OK : Main.FAILED;
            }
            List<AwsSweep.Leftover> left = sweep.delete(line -> out.println("  " + line));
            out.println(left.isEmpty() ? "nothing left" : "still there: " + left);
            return left.isEmpty() ? Main.OK : Main.FAILED;
        }
    }
}
