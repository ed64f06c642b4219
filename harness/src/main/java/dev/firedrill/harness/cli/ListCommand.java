package dev.firedrill.harness.cli;

import dev.firedrill.harness.scenario.ScenarioYaml;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code firedrill list}: the built-in scenarios. */
@Command(name = "list", mixinStandardHelpOptions = true,
        description = "List the built-in scenarios, one line each ('firedrill run NAME' runs one). With --show NAME, "
                + "print its YAML: a starting point for your own scenario file.")
final class ListCommand implements Callable<Integer> {
    @Option(names = "--show", paramLabel = "NAME", description = "Print the YAML of this built-in scenario.")
    String show;

    @Option(names = {"-v", "--verbose"}, description = "Also show each scenario's run time, timeScale, faults, "
            + "SLOs and its whole description.")
    boolean verbose;

    @Spec
    CommandSpec spec;

    /** One line per scenario fits a terminal this wide. */
    static final int WIDTH = 110;

    @Override
    public Integer call() {
        var out = spec.commandLine().getOut();
        if (show != null) {
            ScenarioYaml.builtin(show); // validates the name with a suggestion
            out.print(ScenarioYaml.builtinText(show));
            return Main.OK;
        }
        out.println("Built-in scenarios (./firedrill run NAME; list --show NAME prints its YAML; list --verbose "
                + "for details):");
        // the names column as wide as the longest name, so every description starts in the same column
        String col = "  %-" + ScenarioYaml.BUILTIN_NAMES.stream().mapToInt(String::length).max().orElse(14) + "s";
        for (String name : ScenarioYaml.BUILTIN_NAMES) {
            ScenarioYaml.Loaded l = ScenarioYaml.builtin(name);
            var s = l.scenario();
            if (verbose) {
                out.printf(col + " %5.1fs run, timeScale %s, %d fault(s), %d SLO(s)%n", name,
                        (s.warmup().toMillis() + s.duration().toMillis()) / 1000.0, s.topology().timeScale(),
                        s.faults().size(), s.slos().size());
                out.println(wrap(l.description(), "                 ", 100));
            } else {
                out.println(oneLine(String.format(col + " %s", name, l.description().strip().replaceAll("\\s+", " ")),
                        WIDTH));
            }
        }
        return Main.OK;
    }

    /** {@code text} cut to {@code width} columns with an ellipsis. */
    static String oneLine(String text, int width) {
        return text.length() <= width ? text : text.substring(0, width - 1) + "…";
    }

    static String wrap(String text, String indent, int width) {
        StringBuilder sb = new StringBuilder(indent);
        int col = indent.length();
        for (String w : text.trim().split("\\s+")) {
            if (col + w.length() + 1 > width && col > indent.length()) {
                sb.append('\n').append(indent);
                col = indent.length();
            }
            if (col > indent.length()) {
                sb.append(' ');
                col++;
            }
            sb.append(w);
            col += w.length();
        }
        return sb.toString();
    }
}
