package dev.firedrill.harness.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code firedrill aws}: the aws target's commands, one subcommand each ({@code plan}, {@code up}, {@code down},
 * {@code clean}). A new one is a
 * class beside {@link AwsPlanCommand} listed in {@code subcommands}; a bare {@code firedrill aws} prints the usage.
 */
@Command(name = "aws", mixinStandardHelpOptions = true,
        description = {"The aws target: plan a topology or scenario on AWS (CloudFormation + FIS) with its cost, "
                + "create its stack in an account (or an AWS-compatible endpoint), and delete everything it created.",
                ""},
        subcommands = {AwsPlanCommand.class, AwsUpCommand.class, AwsDownCommand.class, AwsCleanCommand.class},
        footer = {"", "Examples:",
                "  ./firedrill aws plan                  # the default topology's template, cost and FIS mapping",
                "  ./firedrill aws plan az-outage        # a scenario: its stack plus its FIS experiment templates",
                "  ./firedrill aws up --confirm-account 123456789012 --exit-when-ready",
                "  ./firedrill aws down --confirm-account 123456789012",
                "  ./firedrill aws clean --confirm-account 123456789012 --dry-run"})
final class AwsCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
