package dev.firedrill.harness.cli;

import dev.firedrill.harness.FiredrillException;
import dev.firedrill.harness.backend.aws.AccountGuard;
import dev.firedrill.harness.backend.aws.AwsClients;
import dev.firedrill.harness.backend.aws.AwsRun;
import dev.firedrill.harness.backend.aws.AwsStack;
import dev.firedrill.harness.backend.aws.RunJournal;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code firedrill aws down}: deletes what the last {@code aws up} created. */
@Command(name = "down", mixinStandardHelpOptions = true,
        description = {"Delete what the last 'aws up' created, found through its run journal: the stack (waiting for "
                + "the deletion), then everything still tagged with its run id. Exit 0 when nothing is left, 1 "
                + "otherwise (the journal is then kept, so running it again retries)."})
final class AwsDownCommand implements Callable<Integer> {
    @Mixin
    AwsOptions aws = new AwsOptions();

    @Option(names = "--journal", paramLabel = "FILE", defaultValue = CliPaths.DEFAULT_AWS_JOURNAL,
            description = "The run journal 'aws up' wrote (default: ${DEFAULT-VALUE}).")
    Path journalFile;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        RunJournal j = RunJournal.read(journalFile);
        String endpoint = aws.endpoint != null ? aws.endpoint : j.endpoint();
        if (aws.endpoint != null && j.endpoint() != null && !aws.endpoint.equals(j.endpoint())) {
            throw new FiredrillException("the journal's stack was created at " + j.endpoint() + ", not at "
                    + aws.endpoint + "; give --aws-endpoint " + j.endpoint() + " or none");
        }
        try (AwsClients clients = AwsClients.of(j.region(), endpoint)) {
            String account = AccountGuard.require(clients, aws.confirmAccount);
            if (!account.equals(j.account())) {
                throw new FiredrillException("the journal's stack is in account " + j.account() + ", the credentials "
                        + "are account " + account + "; use that account's credentials");
            }
            out.printf("firedrill aws down: stack %s (run %s) in account %s%n", j.stackName(), j.runId(), account);
            out.flush();
            boolean clean = AwsRun.teardown(clients, new AwsStack(clients, j.stackName()), j.runId(),
                    journalFile, line -> {
                        out.println(line);
                        out.flush();
                    });
            return clean ? Main.OK : Main.FAILED;
        }
    }
}
