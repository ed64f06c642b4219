package dev.firedrill.harness.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.firedrill.harness.cli.CliForTests.Run;
import dev.firedrill.harness.fault.FaultKind;
import dev.firedrill.harness.fault.FaultKinds;
import dev.firedrill.harness.fault.FaultSpec;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code firedrill fault}'s help, {@code --list} and options come from the registry, all of it. */
class FaultHelpTest {
    static Run cli(String... args) {
        return CliForTests.run(args);
    }

    @Test
    void helpListsEveryKindAndEveryOptionOfTheRegistry() {
        Run r = cli("fault", "--help");
        assertThat(r.exit()).isZero();
        for (FaultKind k : FaultKinds.all()) {
            assertThat(r.out()).as(k.name()).containsPattern("(?m)^  " + k.name() + " +" + java.util.regex.Pattern
                    .quote(k.target()));
            for (FaultKind.Option o : k.options()) {
                assertThat(r.out()).as(k.name() + " --" + o.name()).contains("--" + o.name())
                        .contains(o.synopsis());
            }
        }
        assertThat(r.out()).contains("count(2)").contains("upstream =").contains("--list");
    }

    @Test
    void listDescribesEveryKindOptionDefaultAndExample() {
        Run r = cli("fault", "--list");
        assertThat(r.exit()).isZero();
        String flat = r.out().replaceAll("\\s+", " ");
        for (FaultKind k : FaultKinds.all()) {
            assertThat(flat).as(k.name()).contains(k.name() + " — " + k.summary())
                    .contains(k.example().cli());
            for (FaultKind.Option o : k.options()) {
                assertThat(flat).as(k.name() + " --" + o.name()).contains(o.describe());
            }
        }
        assertThat(cli("fault", "--list", "failover").out()).startsWith("failover — ").doesNotContain("latency —");
        Run bad = cli("fault", "--list", "latncy");
        assertThat(bad.exit()).isEqualTo(Main.BAD_INPUT);
        assertThat(bad.err()).contains("did you mean 'latency'?");
    }

    @Test
    void everyKindsExampleParsesOnTheCommandLineIntoItsOptions() {
        for (FaultKind k : FaultKinds.all()) {
            CommandLine cl = Main.commandLine(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()));
            CommandLine.ParseResult parsed = cl.parseArgs(prepend("fault", k.example().args()));
            FaultCommand cmd = (FaultCommand) parsed.subcommand().commandSpec().userObject();
            assertThat(cmd.kind).isEqualTo(k.name());
            assertThat(cmd.target).isEqualTo(k.example().target());
            assertThat(cmd.options).as(k.example().cli()).isEqualTo(k.example().options());
            assertThat(cmd.unmatched).isEmpty();
        }
    }

    @Test
    void anUnknownOptionGetsTheErrorOfFaultSpec() {
        String expected = message(() -> FaultSpec.of("latency", "app->db", null, Map.of("latency", "1s",
                "jiter", "1ms")).toFault());
        Run r = cli("fault", "latency", "app->db", "--latency", "1s", "--jiter", "1ms");
        assertThat(r.exit()).isEqualTo(Main.BAD_INPUT);
        assertThat(r.err()).isEqualTo("error: " + expected + System.lineSeparator());
        r = cli("fault", "kill", "app-1", "--mode", "reject");
        assertThat(r.err()).contains("kill has no option --mode; it takes none");
        r = cli("fault", "latncy", "app->db");
        assertThat(r.err()).contains("unknown fault kind 'latncy'; did you mean 'latency'?");
    }

    private static String[] prepend(String first, java.util.List<String> rest) {
        String[] a = new String[rest.size() + 1];
        a[0] = first;
        for (int i = 0; i < rest.size(); i++) {
            a[i + 1] = rest.get(i);
        }
        return a;
    }

    private static String message(Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            return e.getMessage();
        }
        throw new AssertionError("expected an error");
    }
}
