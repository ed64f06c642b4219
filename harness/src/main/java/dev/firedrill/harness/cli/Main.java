package dev.firedrill.harness.cli;

import dev.firedrill.harness.FiredrillException;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The {@code firedrill} command line. Exit codes: 0 success, 1 a check or SLO failed (or an internal
 * error), 2 bad input (a message says what, where and how to fix; no stack trace), 3 inconclusive (no SLO failed
 * but one could not be judged: the harness could not keep time, or an input was missing), 130 a {@code run}
 * interrupted by Ctrl-C or SIGTERM.
 */
@Command(name = "firedrill", mixinStandardHelpOptions = true, version = "firedrill 0.1.0",
        description = {"Rehearse production failures of an AWS web stack (ALB, app fleet, RDS PostgreSQL with a read "
                + "replica, Redis, SQS) on this machine, before paying for them in the cloud.", ""},
        footer = {"", "Exit codes: 0 ok, 1 a check/SLO failed, 2 bad input, 3 inconclusive (no SLO failed, but the harness could not keep time or an input was missing), 130 a run interrupted (Ctrl-C/SIGTERM).", "", "Examples:",
                "  ./firedrill up                    # default stack; endpoints in target/firedrill/endpoints.json",
                "  ./firedrill up -t shop.yaml       # your own topology (./firedrill topology prints the default)",
                "  ./firedrill fault kill random     # against a running 'up'; then ./firedrill heal",
                "  ./firedrill logs flow --follow    # every connection through the links, as VPC Flow Logs lines",
                "  ./firedrill list                  # built-in scenarios",
                "  ./firedrill run failover          # run one: report in target/firedrill/failover/<time>/",
                "  ./firedrill aws plan az-outage    # its CloudFormation template, AWS cost and FIS experiments"})
public final class Main implements Runnable {
    public static final int OK = 0;
    public static final int FAILED = 1;
    public static final int BAD_INPUT = 2;
    /** No SLO failed but one could not be judged: the harness could not keep time, or an input was missing. */
    public static final int INCONCLUSIVE = 3;
    /** {@code run} was interrupted (Ctrl-C or SIGTERM), its faults healed; as a shell reports a SIGINT'd command. */
    public static final int INTERRUPTED = 130;

    /** The subcommands, in the order the usage lists them (registered by {@link #commandLine}). */
    private static final List<Class<?>> SUBCOMMANDS = List.of(UpCommand.class, ListCommand.class, RunCommand.class,
            ValidateCommand.class, TopologyCommand.class, CleanCommand.class, FaultCommand.class, HealCommand.class,
            DeployCommand.class, LogsCommand.class, AwsCommand.class, CommandLine.HelpCommand.class);

    public static void main(String[] args) {
        // Jetty reads the references per cache line from the platform MBean server unless told: starting JMX
        // cost ~50 ms of CPU on every start (4-byte references below 32 GB of heap, 64-byte lines)
        System.getProperties().putIfAbsent("org.eclipse.jetty.util.referencesPerCacheLine",
                Runtime.getRuntime().maxMemory() < (30L << 30) ? "16" : "8");
        System.exit(run(args));
    }

    /** Runs the CLI and returns its exit code (no System.exit: usable from tests). */
    public static int run(String... args) {
        PrintWriter out = new PrintWriter(System.out, true);
        PrintWriter err = new PrintWriter(System.err, true);
        try {
            return commandLine(out, err, args.length == 0 ? null : args[0]).execute(args);
        } finally {
            // autoflush covers println only: a command's last print() would be lost at System.exit
            out.flush();
            err.flush();
        }
    }

    /** The whole command line, every subcommand registered. */
    static CommandLine commandLine(PrintWriter out, PrintWriter err) {
        return commandLine(out, err, null);
    }

    /**
     * The command line for arguments starting with {@code first}: when it names a subcommand (other than
     * {@code help}), only that one is registered. Picocli builds the model of every registered command by
     * reflection up front, ~0.2 s of CPU on the way to every {@code up}; the top-level usage, {@code help} and
     * unknown-command messages need them all, and get them all.
     */
    static CommandLine commandLine(PrintWriter out, PrintWriter err, String first) {
        // --backend's help lists the backends: their ServiceLoader lookup opens every jar of the class path, so it
        // runs beside the model building (descriptions are interpolated when help is printed, not before)
        CompletableFuture<String> backends = CompletableFuture.supplyAsync(TopologyOption::described);
        CommandLine cl = new CommandLine(new Main());
        Class<?> only = first == null ? null : SUBCOMMANDS.stream()
                .filter(c -> c != CommandLine.HelpCommand.class && c.getAnnotation(Command.class).name().equals(first))
                .findFirst().orElse(null);
        for (Class<?> c : SUBCOMMANDS) {
            if (only == null || c == only) {
                cl.addSubcommand(new CommandLine(c)); // built on its own, as this applies its model transformer
            }
        }
        try {
            System.setProperty("firedrill.backends", backends.join());
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
        cl.setUsageHelpWidth(110);
        cl.setOut(out);
        cl.setErr(err);
        cl.setExecutionExceptionHandler((ex, cmd, parse) -> {
            Throwable t = ex;
            while (!(t instanceof FiredrillException) && t.getCause() != null && t.getCause() != t) {
                t = t.getCause();
            }
            if (t instanceof FiredrillException) {
                cmd.getErr().println("error: " + t.getMessage());
                cmd.getErr().flush();
                return BAD_INPUT;
            }
            cmd.getErr().println("internal error (please report it): " + ex);
            ex.printStackTrace(cmd.getErr());
            return FAILED;
        });
        cl.setParameterExceptionHandler((ex, args) -> {
            CommandLine c = ex.getCommandLine();
            c.getErr().println("error: " + ParameterErrors.message(ex));
            c.getErr().println("Try '" + c.getCommandSpec().qualifiedName() + " --help' for usage.");
            return BAD_INPUT;
        });
        return cl;
    }

    @Spec
    CommandSpec spec;

    /** A bare {@code firedrill}: the same usage as {@code --help}, at the same width. */
    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
