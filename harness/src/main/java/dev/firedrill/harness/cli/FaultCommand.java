package dev.firedrill.harness.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.firedrill.harness.FaultException;
import dev.firedrill.harness.fault.FaultKind;
import dev.firedrill.harness.fault.FaultKinds;
import dev.firedrill.harness.fault.FaultSpec;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;

/**
 * {@code firedrill fault KIND TARGET}: injects a fault into a running {@code up}. The kinds, their options, the
 * help text and {@code --list} all come from {@link FaultKinds}; an option no kind has reaches {@link FaultSpec}
 * too, so it gets the same error as in a scenario file or the fault API.
 */
@Command(name = "fault", mixinStandardHelpOptions = true, sortOptions = false, modelTransformer = FaultCommand.Kinds.class,
        description = {"Inject a fault into the topology served by a running './firedrill up'. Every fault has a heal: "
                + "with --for it heals itself, else run './firedrill heal'.", ""})
final class FaultCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "KIND", description = "Fault kind (see below; --list describes each).")
    String kind;

    @Parameters(index = "1", paramLabel = "TARGET", description = "What to hit (see below).")
    String target;

    @Option(names = "--for", paramLabel = "DURATION", description = "Heal automatically after this long, e.g. 10s.")
    String duration;

    @SuppressWarnings("deprecation") // help = true: KIND and TARGET are not required with --list
    @Option(names = "--list", help = true, description = "Describe every fault kind (or only KIND): what it does, its "
            + "target, each option with its default, an example.")
    boolean list;

    @Option(names = "--endpoints", paramLabel = "FILE", defaultValue = CliPaths.DEFAULT_ENDPOINTS,
            description = "The endpoints file of the running 'up' (default: ${DEFAULT-VALUE}).")
    Path endpoints;

    /** Arguments no option took: options of no kind, passed on so that FaultSpec names the kind's own. */
    @Unmatched
    List<String> unmatched = new ArrayList<>();

    /** The kinds' options as given; the options {@link Kinds} adds write here. */
    final Map<String, String> options = new LinkedHashMap<>();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        if (list) {
            out.print(describe(kind == null ? FaultKinds.all() : List.of(FaultKinds.get(kind))));
            out.flush();
            return Main.OK;
        }
        Map<String, String> given = new LinkedHashMap<>(options);
        given.putAll(unmatchedOptions());
        // validate here first: bad input never reaches the running topology
        FaultSpec.of(kind, target, duration, given).toFault();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("kind", kind);
        body.put("target", target);
        body.put("for", duration);
        body.put("options", given);
        JsonNode r = ControlClient.from(endpoints).post("/firedrill/faults", body);
        out.printf("injected %s %s on %s%s%n", r.get("id").asText(), r.get("kind").asText(),
                r.get("targets"), r.has("healsInMs") ? "; heals in " + r.get("healsInMs").asLong() + " ms"
                        : "; run './firedrill heal' to heal");
        return Main.OK;
    }

    /** {@code --name value}, {@code --name=value} or a bare {@code --name} (true) that no kind declares. */
    private Map<String, String> unmatchedOptions() {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < unmatched.size(); i++) {
            String a = unmatched.get(i);
            if (!a.startsWith("-") || a.equals("-") || a.equals("--")) {
                throw new FaultException("unexpected argument '" + a + "': give KIND TARGET, then options, e.g. "
                        + FaultKinds.get("latency").example().cli());
            }
            String name = a.replaceFirst("^--?", "");
            String value = "true";
            int eq = name.indexOf('=');
            if (eq >= 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            } else if (i + 1 < unmatched.size() && !unmatched.get(i + 1).startsWith("-")) {
                value = unmatched.get(++i);
            }
            m.put(name, value);
        }
        return m;
    }

    /** What {@code fault --list} prints: every kind with its summary, target, options and example. */
    static String describe(List<FaultKind> kinds) {
        StringBuilder sb = new StringBuilder();
        Map<String, String> shared = new LinkedHashMap<>(); // target syntaxes several kinds share: said once, at the end
        for (FaultKind k : kinds) {
            if (sb.length() > 0) {
                sb.append('\n');
            }
            int w = Math.max("example".length(), k.options().stream().mapToInt(o -> label(o).length()).max().orElse(0));
            row(sb, "", k.name() + " — " + k.summary(), 4);
            boolean common = FaultKinds.all().stream().filter(x -> x.target().equals(k.target())).count() > 1;
            if (common) {
                shared.put(k.target(), k.targetHelp());
            }
            row(sb, "  " + pad("target", w), k.target() + (k.targetHelp().isEmpty() ? "" : common ? " (below)"
                    : ": " + k.targetHelp()), w + 4);
            for (FaultKind.Option o : k.options()) {
                row(sb, "  " + pad(label(o), w), o.describe(), w + 4);
            }
            row(sb, "  " + pad("example", w), k.example().cli(), w + 4);
        }
        if (!shared.isEmpty()) {
            sb.append('\n');
            shared.forEach((t, help) -> row(sb, "", t + ": " + help, 2));
        }
        return sb.toString();
    }

    /** {@code head} then {@code text} wrapped at the help width, continuation lines indented by {@code hang}. */
    private static void row(StringBuilder sb, String head, String text, int hang) {
        String indent = " ".repeat(hang);
        String wrapped = ListCommand.wrap(text, indent, ListCommand.WIDTH);
        sb.append(head.isEmpty() ? wrapped.substring(hang) : head + "  " + wrapped.substring(hang)).append('\n');
    }

    private static String pad(String s, int w) {
        return String.format("%-" + w + "s", s);
    }

    private static String label(FaultKind.Option o) {
        return "--" + o.name() + (o.type() == FaultKind.Type.FLAG ? "" : " " + o.label());
    }

    /** The footer of {@code fault --help}: one line per kind, the target syntaxes, a few examples. */
    static List<String> footer() {
        List<FaultKind> kinds = FaultKinds.all();
        Set<FaultKind.Option> common = commonEdgeOptions(kinds);
        List<String> f = new ArrayList<>();
        f.add("");
        f.add("Kinds and targets (--list describes each, with every option's default):");
        int w = kinds.stream().mapToInt(k -> k.name().length()).max().orElse(0);
        for (FaultKind k : kinds) {
            String syn = k.target() + k.options().stream().filter(o -> !common.contains(o))
                    .map(o -> " " + o.synopsis()).collect(Collectors.joining());
            f.add(String.format("  %-" + w + "s  %s", k.name(), syn));
        }
        if (!common.isEmpty()) {
            f.add("  every EDGES kind also takes " + common.stream().map(FaultKind.Option::synopsis)
                    .collect(Collectors.joining(" ")));
        }
        f.add("");
        f.add("EDGES: " + FaultKinds.EDGES_HELP + ". The edges: ./firedrill validate lists the components; "
                + "on embedded, curl $control/proxies lists the links");
        f.add("INSTANCES: " + FaultKinds.INSTANCES_HELP);
        Set<String> said = new LinkedHashSet<>(List.of("EDGES", "INSTANCES"));
        for (FaultKind k : kinds) {
            if (!k.targetHelp().isEmpty() && said.add(k.target())) {
                f.add(k.target() + ": " + k.targetHelp());
            }
        }
        f.add("Vocabulary as Toxiproxy: upstream = client → server, downstream = server → client.");
        f.add("");
        f.add("Examples:");
        for (String k : List.of("latency", "partition", "kill", "failover")) {
            f.add("  " + FaultKinds.get(k).example().cli());
        }
        return f;
    }

    /** The options every EDGES kind shares (stream, toxicity): said once in the help. */
    private static Set<FaultKind.Option> commonEdgeOptions(List<FaultKind> kinds) {
        List<FaultKind> edges = kinds.stream().filter(k -> k.target().equals("EDGES")).toList();
        if (edges.size() < 2) {
            return Set.of();
        }
        Set<FaultKind.Option> common = new LinkedHashSet<>(edges.get(0).options());
        edges.forEach(k -> common.retainAll(k.options()));
        return common;
    }

    /** Adds one option per option name of {@link FaultKinds} and the footer; values go to {@link #options}. */
    static final class Kinds implements CommandLine.IModelTransformer {
        @Override
        public CommandSpec transform(CommandSpec spec) {
            FaultCommand cmd = (FaultCommand) spec.userObject();
            FaultKinds.optionNames().forEach((name, kinds) -> {
                FaultKind.Option first = kinds.get(0).option(name);
                boolean flag = first.type() == FaultKind.Type.FLAG;
                Map<String, List<String>> byHelp = new LinkedHashMap<>();
                Set<String> labels = new LinkedHashSet<>();
                for (FaultKind k : kinds) {
                    FaultKind.Option o = k.option(name);
                    byHelp.computeIfAbsent(o.describe(), x -> new ArrayList<>()).add(k.name());
                    labels.add(o.label());
                }
                String[] description = byHelp.entrySet().stream()
                        .map(e -> String.join(", ", e.getValue()) + ": " + e.getKey()).toArray(String[]::new);
                OptionSpec.Builder b = OptionSpec.builder("--" + name).description(description)
                        .setter(new CommandLine.Model.ISetter() {
                            @Override
                            public <T> T set(T value) {
                                if (value != null && !Boolean.FALSE.equals(value)) {
                                    cmd.options.put(name, value.toString());
                                }
                                return null;
                            }
                        });
                if (flag) {
                    b.type(boolean.class).arity("0");
                } else {
                    b.type(String.class).arity("1").paramLabel(String.join("|", labels));
                }
                spec.addOption(b.build());
            });
            spec.usageMessage().footer(footer().toArray(String[]::new));
            return spec;
        }
    }
}
