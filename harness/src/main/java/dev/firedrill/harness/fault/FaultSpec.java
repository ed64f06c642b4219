package dev.firedrill.harness.fault;

import dev.firedrill.harness.FaultException;
import dev.firedrill.harness.TopologyException;
import dev.firedrill.harness.net.BandwidthToxic;
import dev.firedrill.harness.net.LatencyToxic;
import dev.firedrill.harness.net.LimitDataToxic;
import dev.firedrill.harness.net.ResetPeerToxic;
import dev.firedrill.harness.net.SlicerToxic;
import dev.firedrill.harness.net.SlowCloseToxic;
import dev.firedrill.harness.net.TimeoutToxic;
import dev.firedrill.harness.net.ToxicStream;
import dev.firedrill.harness.topology.Durations;
import dev.firedrill.harness.topology.FailoverProfile;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A fault as written on the command line or in a scenario file: kind, target, optional duration
 * and options. {@link #toFault()} validates everything and builds the {@link Fault} value.
 *
 * <pre>{@code
 * FaultSpec.of("latency", "app-*_db-writer", "10s", Map.of("latency", "300ms")).toFault();
 * }</pre>
 */
public record FaultSpec(String kind, String target, Duration duration, Map<String, String> options) {
    /** Every kind with its target form, for help texts and errors. */
    public static final Map<String, String> KINDS = kinds();

    public FaultSpec {
        options = Map.copyOf(options);
    }

    private static Map<String, String> kinds() {
        Map<String, String> k = new LinkedHashMap<>();
        k.put("latency", "EDGES  --latency 300ms [--jitter 50ms] [--stream down|up] [--toxicity 1]");
        k.put("bandwidth", "EDGES  --rate KB/s");
        k.put("timeout", "EDGES  [--timeout 0ms] (0 = blackhole: data dropped, connection kept open)");
        k.put("reset-peer", "EDGES  [--timeout 0ms]");
        k.put("slow-close", "EDGES  --delay 1s");
        k.put("slicer", "EDGES  [--average-size 64] [--size-variation 32] [--delay-us 10]");
        k.put("limit-data", "EDGES  --bytes N");
        k.put("partition", "SIDE_A|SIDE_B  [--mode blackhole|reject] [--one-way]  (sides: components, tiers or AZs, comma-separated)");
        k.put("kill", "INSTANCES  (kill -9; heal starts a replacement)");
        k.put("stop", "INSTANCES  (SIGTERM; heal starts it again)");
        k.put("pause", "INSTANCES  (SIGSTOP, a gray failure; heal sends SIGCONT)");
        k.put("restart", "INSTANCES");
        k.put("replica-lag", "REPLICA|all  [--mode pause|delay|throttle] [--delay 5s] [--rate KB/s]");
        k.put("failover", "primary  [--profile rds-multi-az-instance|rds-multi-az-cluster|aurora|instant]");
        k.put("cache-outage", "redis  [--mode kill|partition]");
        k.put("queue-outage", "sqs  [--mode blackhole|errors]");
        k.put("az-outage", "AZ  (e.g. us-east-1a)");
        return Map.copyOf(k);
    }

    public static FaultSpec of(String kind, String target, String duration, Map<String, String> options) {
        Duration d = null;
        if (duration != null && !duration.isBlank()) {
            if (duration.trim().startsWith("-")) {
                throw new FaultException("--for " + duration + ": a duration cannot be negative; write e.g. 10s");
            }
            try {
                d = Durations.parse("--for", duration);
            } catch (TopologyException e) {
                throw new FaultException(e.getMessage());
            }
        }
        return new FaultSpec(kind, target, d, options == null ? Map.of() : options);
    }

    /** Validates and builds the fault; every error names the option and the allowed values. */
    public Fault toFault() {
        if (kind == null || !KINDS.containsKey(kind)) {
            throw new FaultException("unknown fault kind '" + kind + "'; kinds: " + String.join(", ",
                    KINDS.keySet().stream().sorted().toList()));
        }
        if (target == null || target.isBlank()) {
            throw new FaultException(kind + " needs a target: " + KINDS.get(kind));
        }
        Set<String> allowed = switch (kind) {
            case "latency" -> Set.of("latency", "jitter", "stream", "toxicity");
            case "bandwidth" -> Set.of("rate", "stream", "toxicity");
            case "timeout", "reset-peer" -> Set.of("timeout", "stream", "toxicity");
            case "slow-close" -> Set.of("delay", "stream", "toxicity");
            case "slicer" -> Set.of("average-size", "size-variation", "delay-us", "stream", "toxicity");
            case "limit-data" -> Set.of("bytes", "stream", "toxicity");
            case "partition" -> Set.of("mode", "one-way");
            case "replica-lag" -> Set.of("mode", "delay", "rate");
            case "failover" -> Set.of("profile");
            case "cache-outage", "queue-outage" -> Set.of("mode");
            default -> Set.of();
        };
        for (String o : options.keySet()) {
            if (!allowed.contains(o)) {
                throw new FaultException(kind + " has no option --" + o + (allowed.isEmpty() ? ""
                        : "; options: " + String.join(", ", allowed.stream().sorted().map(x -> "--" + x).toList())));
            }
        }
        String name = kind.replace('-', '_') + "_" + Integer.toHexString(Math.abs((target + options).hashCode()));
        ToxicStream stream = stream();
        double tox = number("toxicity", 1.0);
        if (tox > 1) {
            throw new FaultException("--toxicity " + options.get("toxicity") + ": must be between 0 and 1 (the "
                    + "probability that a connection is affected; 1 = every connection)");
        }
        try {
            return fault(name, stream, tox);
        } catch (FaultException e) {
            // the toxic's own checks name it by its internal name: the user wrote options of a fault kind
            String m = e.getMessage() == null ? "" : e.getMessage();
            throw m.contains(name) ? new FaultException(m.replace("toxic '" + name + "'", kind), e) : e;
        }
    }

    private Fault fault(String name, ToxicStream stream, double tox) {
        return switch (kind) {
            case "latency" -> new Fault.ToxicFault(target, new LatencyToxic(name, stream, tox, millis("latency", null),
                    millis("jitter", 0L)));
            case "bandwidth" -> new Fault.ToxicFault(target, new BandwidthToxic(name, stream, tox, (long) number("rate",
                    Double.NaN)));
            case "timeout" -> new Fault.ToxicFault(target, new TimeoutToxic(name, stream, tox, millis("timeout", 0L)));
            case "reset-peer" -> new Fault.ToxicFault(target, new ResetPeerToxic(name, stream, tox, millis("timeout", 0L)));
            case "slow-close" -> new Fault.ToxicFault(target, new SlowCloseToxic(name, stream, tox, millis("delay", null)));
            case "slicer" -> new Fault.ToxicFault(target, new SlicerToxic(name, stream, tox, (long) number("average-size",
                    64), (long) number("size-variation", 32), (long) number("delay-us", 10)));
            case "limit-data" -> new Fault.ToxicFault(target, new LimitDataToxic(name, stream, tox, (long) number("bytes",
                    Double.NaN)));
            case "partition" -> partition();
            case "kill", "stop", "pause", "restart" -> new Fault.InstanceFault(
                    Fault.InstanceAction.valueOf(kind.toUpperCase()), Selector.parse(target));
            case "replica-lag" -> replicaLag();
            case "failover" -> {
                String p = options.get("profile");
                FailoverProfile profile = p == null ? null : FailoverProfile.of(p);
                if (p != null && profile == null) {
                    throw new FaultException("--profile " + p + " is not a failover profile; use rds-multi-az-instance, "
                            + "rds-multi-az-cluster, aurora or instant");
                }
                yield new Fault.Failover(profile);
            }
            case "cache-outage" -> new Fault.CacheOutage(mode(Fault.CacheMode.class, Fault.CacheMode.KILL));
            case "queue-outage" -> new Fault.QueueOutage(mode(Fault.QueueMode.class, Fault.QueueMode.BLACKHOLE));
            case "az-outage" -> new Fault.AzOutage(target.trim());
            default -> throw new FaultException("unknown fault kind '" + kind + "'");
        };
    }

    private Fault partition() {
        String[] sides = target.split("\\|", -1);
        if (sides.length != 2) {
            throw new FaultException("partition target '" + target + "': write two sides separated by '|', e.g. app|db"
                    + " or app-1,app-2|db-primary");
        }
        List<String> a = side(sides[0]);
        List<String> b = side(sides[1]);
        if (a.isEmpty() || b.isEmpty()) {
            throw new FaultException("partition target '" + target + "' has an empty side; both sides need at least one "
                    + "component, tier or AZ, e.g. app|db");
        }
        Fault.PartitionMode mode = mode(Fault.PartitionMode.class, Fault.PartitionMode.BLACKHOLE);
        boolean oneWay = Boolean.parseBoolean(options.getOrDefault("one-way", "false"));
        return new Fault.Partition(a, b, mode, oneWay);
    }

    private static List<String> side(String s) {
        return List.of(s.trim().split("\\s*,\\s*")).stream().filter(x -> !x.isBlank()).toList();
    }

    private Fault replicaLag() {
        String replica = target.equals("all") ? null : target.trim();
        String m = options.getOrDefault("mode", "pause");
        return switch (m) {
            case "pause" -> new Fault.ReplicaLag(replica, Fault.LagMode.PAUSE, null, 0);
            case "delay" -> new Fault.ReplicaLag(replica, Fault.LagMode.APPLY_DELAY,
                    Duration.ofMillis(millis("delay", null)), 0);
            case "throttle" -> new Fault.ReplicaLag(replica, Fault.LagMode.THROTTLE, null, (long) number("rate",
                    Double.NaN));
            default -> throw new FaultException("--mode " + m + " is not a replica-lag mode; use pause, delay or throttle");
        };
    }

    private <E extends Enum<E>> E mode(Class<E> type, E dflt) {
        String m = options.get("mode");
        if (m == null) {
            return dflt;
        }
        for (E e : type.getEnumConstants()) {
            if (e.name().equalsIgnoreCase(m.replace('-', '_'))) {
                return e;
            }
        }
        throw new FaultException("--mode " + m + " is not valid for " + kind + "; use " + String.join(" or ",
                java.util.Arrays.stream(type.getEnumConstants()).map(e -> e.name().toLowerCase()).toList()));
    }

    private ToxicStream stream() {
        String s = options.getOrDefault("stream", "downstream");
        return switch (s) {
            case "down", "downstream" -> ToxicStream.DOWNSTREAM;
            case "up", "upstream" -> ToxicStream.UPSTREAM;
            default -> throw new FaultException("--stream " + s + ": use downstream (server → client) or upstream "
                    + "(client → server)");
        };
    }

    private long millis(String option, Long dflt) {
        String v = options.get(option);
        if (v == null) {
            if (dflt == null) {
                throw new FaultException(kind + " needs --" + option + ", e.g. --" + option + " 300ms");
            }
            return dflt;
        }
        if (v.trim().startsWith("-")) {
            throw new FaultException("--" + option + " " + v + ": must not be negative");
        }
        try {
            String t = v.trim().matches("\\d+") ? v.trim() + "ms" : v;
            return Durations.parse("--" + option, t).toMillis();
        } catch (TopologyException e) {
            throw new FaultException(e.getMessage());
        }
    }

    private double number(String option, double dflt) {
        String v = options.get(option);
        if (v == null) {
            if (Double.isNaN(dflt)) {
                throw new FaultException(kind + " needs --" + option);
            }
            return dflt;
        }
        try {
            double d = Double.parseDouble(v.trim());
            if (d < 0) {
                throw new FaultException("--" + option + " " + v + ": must not be negative");
            }
            return d;
        } catch (NumberFormatException e) {
            throw new FaultException("--" + option + " " + v + ": not a number");
        }
    }
}
