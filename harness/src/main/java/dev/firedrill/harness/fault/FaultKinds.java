package dev.firedrill.harness.fault;

import dev.firedrill.harness.FaultException;
import dev.firedrill.harness.fault.FaultKind.Args;
import dev.firedrill.harness.fault.FaultKind.Choice;
import dev.firedrill.harness.fault.FaultKind.Example;
import dev.firedrill.harness.fault.FaultKind.Option;
import dev.firedrill.harness.fault.FaultKind.Type;
import dev.firedrill.harness.internal.YamlFields;
import dev.firedrill.harness.net.BandwidthToxic;
import dev.firedrill.harness.net.LatencyToxic;
import dev.firedrill.harness.net.LimitDataToxic;
import dev.firedrill.harness.net.ResetPeerToxic;
import dev.firedrill.harness.net.SlicerToxic;
import dev.firedrill.harness.net.SlowCloseToxic;
import dev.firedrill.harness.net.TimeoutToxic;
import dev.firedrill.harness.net.Toxic;
import dev.firedrill.harness.net.ToxicStream;
import dev.firedrill.harness.topology.FailoverProfile;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Every fault kind, described once: {@link FaultSpec} parses through it, {@code firedrill fault} builds its
 * options, {@code --help} and {@code --list} from it, scenario files and the fault API check against it.
 *
 * <pre>{@code
 * FaultKind k = FaultKinds.get("latency");
 * k.options();          // --latency (required), --jitter, --stream, --toxicity
 * k.example().cli();    // ./firedrill fault latency 'app->db' --latency 300ms --for 30s
 * }</pre>
 */
public final class FaultKinds {
    /** What an EDGES target may be. */
    public static final String EDGES_HELP = "FROM->TO with comma-separated components (app-1, globs like app-*), "
            + "tiers (alb, app, db, redis, sqs, client; also tier:app) or AZs (us-east-1a; also az:us-east-1a) on "
            + "each side, e.g. 'app->db', 'app-1,app-2->redis', 'tier:app->az:us-east-1b'; the endpoints db-writer "
            + "and db-reader follow a failover. The embedded backend's link names (app-1_db-writer) work too";
    /** What an INSTANCES target may be. */
    public static final String INSTANCES_HELP = "app-1 | app-1,app-2 | random | count(2) | percent(50) | az(us-east-1a)";

    private static final Option STREAM = choice("stream", "downstream", "which direction",
            new Choice("downstream", "server → client", List.of("down")),
            new Choice("upstream", "client → server", List.of("up")));
    private static final Option TOXICITY = new Option("toxicity", "P", Type.PROBABILITY, "1", false, "0.5",
            "the probability that a connection is affected; 1 = every connection", List.of());

    private static final Map<String, FaultKind> KINDS = build();

    private FaultKinds() {
    }

    /** Every kind, in help order. */
    public static List<FaultKind> all() {
        return List.copyOf(KINDS.values());
    }

    /** The kinds' names, in help order. */
    public static Set<String> names() {
        return KINDS.keySet();
    }

    /**
     * The kind named {@code name}; an unknown or missing name fails with the closest kind and the list of all,
     * in the same words wherever the kind was written.
     */
    public static FaultKind get(String name) {
        FaultKind k = name == null ? null : KINDS.get(name.trim());
        if (k != null) {
            return k;
        }
        String kinds = String.join(", ", KINDS.keySet());
        if (name == null || name.isBlank()) {
            throw new FaultException("a fault kind is required; kinds: " + kinds);
        }
        String hint = YamlFields.closest(name.trim(), KINDS.keySet());
        throw new FaultException("unknown fault kind '" + name + "'" + (hint != null ? "; did you mean '" + hint
                + "'? Kinds: " : "; kinds: ") + kinds);
    }

    /** Every option name any kind has, each with the kinds that take it, in help order. */
    public static Map<String, List<FaultKind>> optionNames() {
        Map<String, List<FaultKind>> out = new LinkedHashMap<>();
        for (FaultKind k : KINDS.values()) {
            for (Option o : k.options()) {
                out.computeIfAbsent(o.name(), x -> new ArrayList<>()).add(k);
            }
        }
        return out;
    }

    // ---- the kinds ----

    private static Map<String, FaultKind> build() {
        Map<String, FaultKind> m = new LinkedHashMap<>();
        List<FaultKind> kinds = List.of(
                toxic("latency", "delay the data on the edges (Toxiproxy latency)",
                        List.of(duration("latency", null, true, "300ms", "delay added to the data"),
                                duration("jitter", "0ms", false, "50ms", "random ± variation of the delay")),
                        Map.of("latency", "300ms"), "30s",
                        (a, n, s, t) -> new LatencyToxic(n, s, t, a.millis("latency"), a.millis("jitter"))),
                toxic("bandwidth", "limit the edges' throughput (Toxiproxy bandwidth)",
                        List.of(amount("rate", "KB/s", null, true, "100", "the limit in kilobytes per second")),
                        Map.of("rate", "100"), "30s",
                        (a, n, s, t) -> new BandwidthToxic(n, s, t, (long) a.number("rate"))),
                toxic("timeout", "stop the data on the edges and close connections after --timeout; 0 = blackhole: "
                                + "data dropped, connection kept open (Toxiproxy timeout)",
                        List.of(duration("timeout", "0ms", false, "5s", "close connections this long after the data "
                                + "stops; 0 keeps them open")),
                        Map.of(), "10s",
                        (a, n, s, t) -> new TimeoutToxic(n, s, t, a.millis("timeout"))),
                toxic("reset-peer", "reset the edges' connections (TCP RST) after --timeout (Toxiproxy reset_peer)",
                        List.of(duration("timeout", "0ms", false, "1s", "reset connections this long after they "
                                + "carry data; 0 at once")),
                        Map.of(), "10s",
                        (a, n, s, t) -> new ResetPeerToxic(n, s, t, a.millis("timeout"))),
                toxic("slow-close", "delay closing the edges' connections by --delay (Toxiproxy slow_close)",
                        List.of(duration("delay", null, true, "1s", "how long a close is held back")),
                        Map.of("delay", "1s"), "30s",
                        (a, n, s, t) -> new SlowCloseToxic(n, s, t, a.millis("delay"))),
                toxic("slicer", "slice the edges' data into small pieces with a pause between them; every byte "
                                + "still arrives (Toxiproxy slicer)",
                        List.of(amount("average-size", "BYTES", "64", false, "64", "average size of a piece"),
                                amount("size-variation", "BYTES", "32", false, "32", "± variation of the size; "
                                        + "below --average-size"),
                                amount("delay-us", "MICROS", "10", false, "10", "pause between pieces in "
                                        + "microseconds")),
                        Map.of("average-size", "64"), "30s",
                        (a, n, s, t) -> new SlicerToxic(n, s, t, (long) a.number("average-size"),
                                (long) a.number("size-variation"), (long) a.number("delay-us"))),
                toxic("limit-data", "close the edges' connections once --bytes bytes went through (Toxiproxy "
                                + "limit_data)",
                        List.of(amount("bytes", "N", null, true, "1024", "bytes let through per connection")),
                        Map.of("bytes", "1024"), "30s",
                        (a, n, s, t) -> new LimitDataToxic(n, s, t, (long) a.number("bytes"))),
                new FaultKind("partition", "cut the network between two sides; both directions unless --one-way",
                        "SIDE_A|SIDE_B", "two sides of components, tiers or AZs, each comma-separated, e.g. app|db or "
                                + "app-1,app-2|db-primary,redis",
                        List.of(choice("mode", "blackhole", "how traffic is refused",
                                        new Choice("blackhole", "packets dropped: clients time out", List.of()),
                                        new Choice("reject", "connections reset: clients fail fast", List.of())),
                                flag("one-way", "block only connections from SIDE_A to SIDE_B")),
                        new Example("partition", "app|db", ordered("mode", "reject"), "10s"),
                        FaultKinds::partition),
                instance("kill", "kill -9 app instances (instance loss); heal starts a replacement", "random"),
                instance("stop", "SIGTERM app instances (a graceful stop); heal starts them again", "app-1"),
                instance("pause", "SIGSTOP app instances (a gray failure: frozen, not dead); heal sends SIGCONT",
                        "count(1)"),
                instance("restart", "SIGTERM app instances and start them again at once; nothing to heal",
                        "percent(50)"),
                new FaultKind("replica-lag", "make read replicas fall behind the primary", "REPLICA|all",
                        "a replica's name (db-replica-1) or all",
                        List.of(choice("mode", "pause", "how the lag is made",
                                        new Choice("pause", "WAL replay paused; heal resumes it", List.of()),
                                        new Choice("delay", "replay held back by --delay", List.of()),
                                        new Choice("throttle", "replication link limited to --rate", List.of())),
                                duration("delay", null, false, "5s", "with --mode delay: how far behind replay runs"),
                                amount("rate", "KB/s", null, false, "50", "with --mode throttle: the replication "
                                        + "link's limit in kilobytes per second")),
                        new Example("replica-lag", "all", ordered("mode", "pause"), "5s"),
                        FaultKinds::replicaLag),
                new FaultKind("failover", "kill -9 the database primary; after the profile's detection delay promote "
                                + "a replica and flip the writer endpoint", "primary", "",
                        List.of(choice("profile", null, "the failover's timing (AWS envelope × timeScale), if not the "
                                + "topology's database.failoverProfile", profiles())),
                        new Example("failover", "primary", ordered("profile", "aurora"), null),
                        a -> new Fault.Failover(profile(a))),
                new FaultKind("cache-outage", "take the Redis cache away", "redis", "",
                        List.of(choice("mode", "kill", "how",
                                new Choice("kill", "the server is killed; heal starts it again", List.of()),
                                new Choice("partition", "the network to it is cut", List.of()))),
                        new Example("cache-outage", "redis", ordered("mode", "kill"), "10s"),
                        a -> new Fault.CacheOutage(a.choice("mode", Fault.CacheMode.class))),
                new FaultKind("queue-outage", "make SQS unreachable or failing", "sqs", "",
                        List.of(choice("mode", "blackhole", "how",
                                new Choice("blackhole", "traffic silently dropped: clients time out", List.of()),
                                new Choice("errors", "HTTP 500 with an SQS error body", List.of()))),
                        new Example("queue-outage", "sqs", ordered("mode", "errors"), "10s"),
                        a -> new Fault.QueueOutage(a.choice("mode", Fault.QueueMode.class))),
                new FaultKind("az-outage", "lose an availability zone: its components lose their network, its "
                                + "instances stop, a primary in it fails over", "AZ", "an AZ of the topology, e.g. "
                                + "us-east-1a",
                        List.of(), new Example("az-outage", "us-east-1a", Map.of(), "10s"),
                        a -> new Fault.AzOutage(a.target().trim())));
        for (FaultKind k : kinds) {
            if (m.put(k.name(), k) != null) {
                throw new IllegalStateException("fault kind " + k.name() + " declared twice");
            }
        }
        return m;
    }

    /** Builds a toxic from the parsed options, its name, stream and toxicity. */
    private interface ToxicFactory {
        Toxic build(Args a, String name, ToxicStream stream, double toxicity);
    }

    private static FaultKind toxic(String name, String summary, List<Option> own, Map<String, String> exampleOptions,
                                   String exampleFor, ToxicFactory factory) {
        List<Option> options = new ArrayList<>(own);
        options.add(STREAM);
        options.add(TOXICITY);
        Map<String, String> ex = new LinkedHashMap<>();
        own.stream().filter(o -> exampleOptions.containsKey(o.name()))
                .forEach(o -> ex.put(o.name(), exampleOptions.get(o.name())));
        return new FaultKind(name, summary, "EDGES", EDGES_HELP, options, new Example(name, "app->db", ex, exampleFor),
                a -> {
                    ToxicStream stream = "upstream".equals(a.choice("stream")) ? ToxicStream.UPSTREAM
                            : ToxicStream.DOWNSTREAM;
                    double tox = a.number("toxicity");
                    // the toxic's name: unique per target and options, so two faults of a kind can coexist
                    String toxicName = name.replace('-', '_') + "_"
                            + Integer.toHexString(Math.abs((a.target() + new java.util.TreeMap<>(a.options())).hashCode()));
                    try {
                        return new Fault.ToxicFault(a.target(), factory.build(a, toxicName, stream, tox));
                    } catch (FaultException e) {
                        // the toxic's own checks name it by its internal name: the user wrote options of a fault kind
                        String m = e.getMessage() == null ? "" : e.getMessage();
                        throw m.contains(toxicName) ? new FaultException(m.replace("toxic '" + toxicName + "'", name), e)
                                : e;
                    }
                });
    }

    private static FaultKind instance(String name, String summary, String exampleTarget) {
        Fault.InstanceAction action = Fault.InstanceAction.valueOf(name.toUpperCase(java.util.Locale.ROOT));
        return new FaultKind(name, summary, "INSTANCES", INSTANCES_HELP, List.of(),
                new Example(name, exampleTarget, Map.of(), null),
                a -> new Fault.InstanceFault(action, Selector.parse(a.target())));
    }

    private static Fault partition(Args a) {
        String target = a.target();
        String[] sides = target.split("\\|", -1);
        if (sides.length != 2) {
            throw new FaultException("partition target '" + target + "': write two sides separated by '|', e.g. app|db"
                    + " or app-1,app-2|db-primary");
        }
        List<String> from = side(sides[0]);
        List<String> to = side(sides[1]);
        if (from.isEmpty() || to.isEmpty()) {
            throw new FaultException("partition target '" + target + "' has an empty side; both sides need at least one "
                    + "component, tier or AZ, e.g. app|db");
        }
        return new Fault.Partition(from, to, a.choice("mode", Fault.PartitionMode.class), a.flag("one-way"));
    }

    private static List<String> side(String s) {
        return Arrays.stream(s.trim().split("\\s*,\\s*")).filter(x -> !x.isBlank()).toList();
    }

    private static Fault replicaLag(Args a) {
        String replica = a.target().trim().equals("all") ? null : a.target().trim();
        return switch (a.choice("mode")) {
            case "delay" -> new Fault.ReplicaLag(replica, Fault.LagMode.APPLY_DELAY, Duration.ofMillis(a.millis("delay")),
                    0);
            case "throttle" -> new Fault.ReplicaLag(replica, Fault.LagMode.THROTTLE, null, (long) a.number("rate"));
            default -> new Fault.ReplicaLag(replica, Fault.LagMode.PAUSE, null, 0);
        };
    }

    private static FailoverProfile profile(Args a) {
        String p = a.choice("profile");
        return p == null ? null : FailoverProfile.of(p);
    }

    private static Choice[] profiles() {
        return Arrays.stream(FailoverProfile.values()).map(p -> new Choice(p.id(), p.max().isZero() ? "no delay"
                : p.min().toSeconds() + "–" + p.max().toSeconds() + "s", List.of(p.name()))).toArray(Choice[]::new);
    }

    private static Option duration(String name, String dflt, boolean required, String example, String help) {
        return new Option(name, "DURATION", Type.DURATION, dflt, required, example, help, List.of());
    }

    private static Option amount(String name, String unit, String dflt, boolean required, String example, String help) {
        return new Option(name, unit, Type.AMOUNT, dflt, required, example, help, List.of());
    }

    private static Option choice(String name, String dflt, String help, Choice... choices) {
        String values = Arrays.stream(choices).map(Choice::value).collect(java.util.stream.Collectors.joining("|"));
        String label = values.length() <= 24 ? values : name.toUpperCase(java.util.Locale.ROOT);
        return new Option(name, label, Type.CHOICE, dflt, false, choices[0].value(), help, List.of(choices));
    }

    private static Option flag(String name, String help) {
        return new Option(name, "", Type.FLAG, null, false, "true", help, List.of());
    }

    private static Map<String, String> ordered(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    /** For {@link FaultSpec#KINDS}: name → synopsis. */
    static Map<String, String> synopses() {
        Map<String, String> m = new LinkedHashMap<>();
        KINDS.values().forEach(k -> m.put(k.name(), k.synopsis()));
        return java.util.Collections.unmodifiableMap(m);
    }
}
