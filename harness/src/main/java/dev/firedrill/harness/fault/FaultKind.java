package dev.firedrill.harness.fault;

import dev.firedrill.harness.FaultException;
import dev.firedrill.harness.TopologyException;
import dev.firedrill.harness.internal.YamlFields;
import dev.firedrill.harness.topology.Durations;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * What one fault kind is: its name, a one-line summary, the syntax of its target, each option (type, default,
 * help) and an example; and how it becomes a {@link Fault}. Every kind is in {@link FaultKinds}, which the
 * command line ({@code firedrill fault}, its {@code --help} and {@code --list}), scenario files, the fault API
 * and {@link FaultSpec} all read: one description, one set of checks, one wording of every error.
 */
public final class FaultKind {
    private final String name;
    private final String summary;
    private final String target;
    private final String targetHelp;
    private final List<Option> options;
    private final Example example;
    private final Function<Args, Fault> factory;

    FaultKind(String name, String summary, String target, String targetHelp, List<Option> options, Example example,
              Function<Args, Fault> factory) {
        this.name = name;
        this.summary = summary;
        this.target = target;
        this.targetHelp = targetHelp;
        this.options = List.copyOf(options);
        this.example = example;
        this.factory = factory;
        Set<String> names = new LinkedHashSet<>();
        for (Option o : this.options) {
            if (!names.add(o.name())) {
                throw new IllegalArgumentException(name + ": option --" + o.name() + " declared twice");
            }
        }
    }

    /** The kind as written on the command line, in scenario files and in the fault API, e.g. {@code latency}. */
    public String name() {
        return name;
    }

    /** One line saying what the fault does and how it heals. */
    public String summary() {
        return summary;
    }

    /** The target's syntax, e.g. {@code EDGES} or {@code SIDE_A|SIDE_B}. */
    public String target() {
        return target;
    }

    /** What the target may be, e.g. "components, tiers or AZs, comma-separated"; empty when the syntax says it. */
    public String targetHelp() {
        return targetHelp;
    }

    /** The options this kind accepts, in the order help texts show them. */
    public List<Option> options() {
        return options;
    }

    /** The option named {@code name} (without the leading {@code --}), or null. */
    public Option option(String name) {
        for (Option o : options) {
            if (o.name().equals(name)) {
                return o;
            }
        }
        return null;
    }

    /** A fault of this kind that parses; the help texts show it. */
    public Example example() {
        return example;
    }

    /** {@code KIND TARGET --required EXAMPLE [--optional DEFAULT]}: one line of help. */
    public String synopsis() {
        StringBuilder sb = new StringBuilder(target);
        for (Option o : options) {
            sb.append(' ').append(o.synopsis());
        }
        return sb.toString();
    }

    /**
     * Rejects options this kind does not have, with the closest name and the list of the ones it has. The error
     * is the same from the command line, a scenario file and the fault API.
     */
    public void checkOptions(Set<String> given) {
        Set<String> known = options.stream().map(Option::name).collect(Collectors.toCollection(LinkedHashSet::new));
        for (String o : given) {
            if (known.contains(o)) {
                continue;
            }
            String hint = YamlFields.closest(o, known);
            String list = known.stream().map(x -> "--" + x).collect(Collectors.joining(", "));
            throw new FaultException(name + " has no option --" + o + (known.isEmpty() ? "; it takes none"
                    : hint != null ? "; did you mean --" + hint + "? Its options: " + list : "; its options: " + list));
        }
    }

    /** Checks the target and options and builds the fault. */
    Fault toFault(String target, Map<String, String> given) {
        if (target == null || target.isBlank()) {
            throw new FaultException(name + " needs a target: " + this.target + (targetHelp.isEmpty() ? ""
                    : " (" + targetHelp + ")") + ", e.g. " + example.cli());
        }
        checkOptions(given.keySet());
        return factory.apply(new Args(this, target, given));
    }

    @Override
    public String toString() {
        return name + " " + synopsis();
    }

    /** How an option's value is read. */
    public enum Type {
        /** A duration such as {@code 300ms} or {@code 1s}; a bare number is milliseconds; not negative. */
        DURATION,
        /** A number ≥ 0 in the option's unit (its label, e.g. {@code KB/s}). */
        AMOUNT,
        /** A probability between 0 and 1. */
        PROBABILITY,
        /** One of {@link Option#choices()}. */
        CHOICE,
        /** On when given ({@code --one-way}); {@code true} or {@code false} in a scenario file or the API. */
        FLAG
    }

    /** One allowed value of a {@link Type#CHOICE} option, with what it means; {@code aliases} are accepted too. */
    public record Choice(String value, String help, List<String> aliases) {
        public Choice {
            aliases = List.copyOf(aliases);
        }

        /** {@code value (help)}, or the value alone. */
        String described() {
            return help.isEmpty() ? value : value + " (" + help + ")";
        }
    }

    /**
     * One option of a kind.
     *
     * @param name         without the leading {@code --}, e.g. {@code latency}
     * @param label        the value's placeholder in help, e.g. {@code DURATION} or {@code KB/s}
     * @param defaultValue the value used when the option is not given, parsed like a given one; null for none
     * @param required     whether the kind needs it (it then has no default)
     * @param example      a valid value, used in help and in the error for a missing option
     * @param help         one line: what the option does
     */
    public record Option(String name, String label, Type type, String defaultValue, boolean required, String example,
                         String help, List<Choice> choices) {
        public Option {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(type, "type");
            choices = List.copyOf(choices);
            if (required && defaultValue != null) {
                throw new IllegalArgumentException("--" + name + " is required and has a default");
            }
        }

        /** {@code --name EXAMPLE} for a required option, {@code [--name DEFAULT]} for an optional one. */
        public String synopsis() {
            if (type == Type.FLAG) {
                return "[--" + name + "]";
            }
            String value = type == Type.CHOICE ? choices.stream().map(Choice::value).collect(Collectors.joining("|"))
                    : required ? example : defaultValue != null ? defaultValue : label;
            return required ? "--" + name + " " + value : "[--" + name + " " + value + "]";
        }

        /** The help line with the default or "required". */
        public String describe() {
            StringBuilder sb = new StringBuilder(help);
            if (type == Type.CHOICE) {
                sb.append(": ").append(choices.stream().map(Choice::described).collect(Collectors.joining(", ")));
            }
            if (required) {
                sb.append("; required");
            } else if (defaultValue != null && type != Type.FLAG) {
                sb.append("; default ").append(defaultValue);
            }
            return sb.toString();
        }

        /** The allowed values of a choice, aliases included. */
        Set<String> accepted() {
            Set<String> out = new LinkedHashSet<>();
            for (Choice c : choices) {
                out.add(c.value());
                out.addAll(c.aliases());
            }
            return out;
        }

        /** Parses {@code raw} for kind {@code kind}: a Long (ms) for durations, a Double, a String choice or a Boolean. */
        Object parse(String kind, String raw) {
            String v = raw.trim();
            String shown = "--" + name + " " + raw;
            switch (type) {
                case DURATION -> {
                    if (v.startsWith("-")) {
                        throw new FaultException(shown + ": must not be negative");
                    }
                    try {
                        return Durations.parse("--" + name, v.matches("\\d+") ? v + "ms" : v).toMillis();
                    } catch (TopologyException e) {
                        throw new FaultException(e.getMessage());
                    }
                }
                case AMOUNT, PROBABILITY -> {
                    double d;
                    try {
                        d = Double.parseDouble(v);
                    } catch (NumberFormatException e) {
                        throw new FaultException(shown + ": not a number" + (example == null ? ""
                                : "; write e.g. --" + name + " " + example));
                    }
                    if (d < 0 || Double.isNaN(d)) {
                        throw new FaultException(shown + ": must not be negative");
                    }
                    if (type == Type.PROBABILITY && d > 1) {
                        throw new FaultException(shown + ": must be between 0 and 1 (" + help + ")");
                    }
                    return d;
                }
                case CHOICE -> {
                    for (Choice c : choices) {
                        if (c.value().equalsIgnoreCase(v) || c.aliases().stream().anyMatch(a -> a.equalsIgnoreCase(v))) {
                            return c.value();
                        }
                    }
                    String hint = YamlFields.closest(v, accepted());
                    throw new FaultException(shown + " is not valid for " + kind + (hint != null ? "; did you mean "
                            + hint + "? Use " : "; use ") + or(choices.stream().map(Choice::described).toList()));
                }
                case FLAG -> {
                    if (v.equalsIgnoreCase("true") || v.isEmpty()) {
                        return true;
                    }
                    if (v.equalsIgnoreCase("false")) {
                        return false;
                    }
                    throw new FaultException(shown + ": write true or false (on the command line, --" + name
                            + " alone turns it on)");
                }
                default -> throw new IllegalStateException(type.name());
            }
        }

        private static String or(List<String> items) {
            if (items.size() <= 1) {
                return String.join("", items);
            }
            return String.join(", ", items.subList(0, items.size() - 1)) + " or " + items.get(items.size() - 1);
        }
    }

    /** A fault of this kind as a user writes it: the help texts show it and a test injects it. */
    public record Example(String kind, String target, Map<String, String> options, String duration) {
        public Example {
            options = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(options));
        }

        /** The example as a spec. */
        public FaultSpec spec() {
            return FaultSpec.of(kind, target, duration, options);
        }

        /** The command-line arguments after {@code firedrill fault}. */
        public List<String> args() {
            List<String> out = new ArrayList<>(List.of(kind, target));
            options.forEach((k, v) -> {
                out.add("--" + k);
                if (!"true".equals(v)) {
                    out.add(v);
                }
            });
            if (duration != null) {
                out.add("--for");
                out.add(duration);
            }
            return out;
        }

        /** {@code ./firedrill fault KIND 'TARGET' --option value [--for D]}, quoted for a shell. */
        public String cli() {
            List<String> a = args();
            StringBuilder sb = new StringBuilder("./firedrill fault");
            for (String s : a) {
                sb.append(' ').append(s.matches("[A-Za-z0-9_.,:/@%+=-]+") ? s : "'" + s + "'");
            }
            return sb.toString();
        }
    }

    /** The target and options of one fault being built: typed values, parsed by their {@link Option}. */
    static final class Args {
        private final FaultKind kind;
        private final String target;
        private final Map<String, String> given;

        Args(FaultKind kind, String target, Map<String, String> given) {
            this.kind = kind;
            this.target = target;
            this.given = given;
        }

        String kind() {
            return kind.name();
        }

        String target() {
            return target;
        }

        /** The options as given. */
        Map<String, String> options() {
            return given;
        }

        /** Whether the user gave {@code option}. */
        boolean given(String option) {
            return given.containsKey(option);
        }

        private Object value(String option) {
            Option o = kind.option(option);
            if (o == null) {
                throw new IllegalStateException(kind.name() + " declares no option " + option);
            }
            String raw = given.containsKey(option) ? given.get(option) : o.defaultValue();
            if (raw == null) {
                if (o.type() == Type.FLAG) {
                    return false;
                }
                throw new FaultException(kind.name() + " needs --" + option + (o.example() == null ? ""
                        : ", e.g. --" + option + " " + o.example()));
            }
            return o.parse(kind.name(), raw);
        }

        /** A duration option in milliseconds; fails naming the option when it is missing and has no default. */
        long millis(String option) {
            return (Long) value(option);
        }

        /** An amount or probability option. */
        double number(String option) {
            return (Double) value(option);
        }

        /** A choice option's canonical value, or null when it is not given and has no default. */
        String choice(String option) {
            Option o = kind.option(option);
            if (!given.containsKey(option) && o != null && o.defaultValue() == null && !o.required()) {
                return null;
            }
            return (String) value(option);
        }

        /** A choice option as an enum constant (value with '-' as '_'). */
        <E extends Enum<E>> E choice(String option, Class<E> type) {
            String v = choice(option);
            return v == null ? null : Enum.valueOf(type, v.toUpperCase(java.util.Locale.ROOT).replace('-', '_'));
        }

        boolean flag(String option) {
            return (Boolean) value(option);
        }
    }
}
