package dev.firedrill.harness.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code firedrill logs}: what a running {@code up} recorded, one subcommand per kind of log ({@code flow}). */
@Command(name = "logs", mixinStandardHelpOptions = true,
        description = {"Show what a running './firedrill up' recorded.", ""},
        subcommands = {LogsFlowCommand.class},
        footer = {"", "Examples:",
                "  ./firedrill logs flow                        # every connection of every link, VPC Flow Logs lines",
                "  ./firedrill logs flow --edge 'app-*->db-*' --since 1m --follow"})
final class LogsCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
