package dev.firedrill.harness.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs the CLI in-process for tests of other packages: its exit code and what it printed. */
public final class CliForTests {
    private CliForTests() {
    }

    public record Run(int exit, String out, String err) {
    }

    public static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        // as Main.run does: only the subcommand named first is registered
        int exit = Main.commandLine(new PrintWriter(out, true), new PrintWriter(err, true),
                args.length == 0 ? null : args[0]).execute(args);
        return new Run(exit, out.toString(), err.toString());
    }
}
