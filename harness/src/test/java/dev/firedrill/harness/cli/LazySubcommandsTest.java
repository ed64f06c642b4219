package dev.firedrill.harness.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code firedrill <command> ...} builds only that command's model; what it prints must not change. */
class LazySubcommandsTest {

    private static CommandLine full() {
        return Main.commandLine(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()));
    }

    /** Output and exit code of {@code args} through the whole command line, or (lazy) as Main.run builds it. */
    private static String run(boolean lazy, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        PrintWriter o = new PrintWriter(out, true);
        PrintWriter e = new PrintWriter(err, true);
        CommandLine cl = lazy ? Main.commandLine(o, e, args.length == 0 ? null : args[0]) : Main.commandLine(o, e);
        int exit = cl.execute(args);
        return "exit " + exit + "\n--- out\n" + out + "--- err\n" + err;
    }

    @Test
    void aNamedSubcommandIsTheOnlyOneBuilt() {
        StringWriter sink = new StringWriter();
        CommandLine cl = Main.commandLine(new PrintWriter(sink), new PrintWriter(sink), "up");
        assertThat(cl.getSubcommands().keySet()).containsExactly("up");
        assertThat(Main.commandLine(new PrintWriter(sink), new PrintWriter(sink), "help").getSubcommands().keySet())
                .isEqualTo(full().getSubcommands().keySet());
        assertThat(Main.commandLine(new PrintWriter(sink), new PrintWriter(sink), "rn").getSubcommands().keySet())
                .isEqualTo(full().getSubcommands().keySet());
    }

    @Test
    void everyCommandsHelpAndMistakesReadTheSameAsWithAllCommandsBuilt() {
        List<String[]> cases = new ArrayList<>();
        cases.add(new String[0]);
        cases.add(new String[] {"--help"});
        cases.add(new String[] {"--version"});
        cases.add(new String[] {"rn"});
        full().getSubcommands().forEach((name, sub) -> {
            cases.add(new String[] {name, "--help"});
            cases.add(new String[] {"help", name});
            cases.add(new String[] {name, "--no-such-option"});
            sub.getSubcommands().keySet().forEach(inner -> cases.add(new String[] {name, inner, "--help"}));
        });
        assertThat(cases.size()).isGreaterThan(30);
        for (String[] args : cases) {
            assertThat(run(true, args)).as(String.join(" ", args)).isEqualTo(run(false, args));
        }
    }
}
