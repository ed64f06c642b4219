package dev.firedrill.harness.backend.aws.internal;

import static dev.firedrill.harness.backend.aws.internal.Cfn.obj;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.firedrill.harness.backend.aws.FisExperiments.Action;
import dev.firedrill.harness.backend.aws.FisExperiments.Mapping;
import dev.firedrill.harness.backend.aws.internal.FaultMapper.Step;
import dev.firedrill.harness.fault.Edge;
import dev.firedrill.harness.fault.Fault;
import dev.firedrill.harness.fault.Targets;
import dev.firedrill.harness.net.LatencyToxic;
import dev.firedrill.harness.scenario.FaultStep;
import dev.firedrill.harness.topology.Topology;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Latency on edges from (or to) the app instances: {@code aws:ssm:send-command} running AWS's
 * {@code AWSFIS-Run-Network-Latency-Sources} document, which delays the instance's packets to the given sources with
 * {@code tc} (the EC2 side only; it needs the SSM agent, the instance profile's {@code AmazonSSMManagedInstanceCore}
 * and a route to SSM, all of which the stack has).
 *
 * <p>Sources are the peers' endpoint names (RDS, ElastiCache) and, for the load balancer, its subnets' CIDRs.
 * ../shared/AWS.md advises subnet CIDRs because a name is resolved once, when the command starts; but a CIDR delays
 * every other component of that subnet too (in the default topology Redis shares private-a with the primary), so
 * names it is, and the experiment's notes say a failover during the fault leaves the delay on the old address.
 */
final class LatencyMapper {
    static final String DOCUMENT = "AWSFIS-Run-Network-Latency-Sources";
    /** Time for the document to install {@code tc} and set up before its {@code DurationSeconds} start. */
    static final Duration SETUP_SLACK = Duration.ofMinutes(1);

    private LatencyMapper() {
    }

    static Mapping map(Step s, Fault.ToxicFault f, List<Edge> edges) {
        if (!(f.toxic() instanceof LatencyToxic l)) {
            return s.unsupported("no FIS action shapes traffic like the '" + f.toxic().type() + "' toxic: on EC2 "
                    + "FIS's network documents add latency or drop packets (AWSFIS-Run-Network-Latency-Sources, "
                    + "-Packet-Loss-Sources)");
        }
        if (l.toxicity() < 1) {
            return s.unsupported("tc delays every packet: a toxicity below 1 (a share of the connections) has no "
                    + "equivalent on AWS");
        }
        Topology t = s.topology();
        Targets targets = Targets.of(t);
        List<String> fleet = targets.instances();
        Map<String, Set<String>> peersOf = new LinkedHashMap<>();
        for (Edge e : edges) {
            String instance = fleet.contains(e.source()) ? e.source() : fleet.contains(e.target()) ? e.target() : null;
            if (instance == null) {
                return s.unsupported(e + " has no EC2 end: FIS delays traffic on instances only (" + (e.source()
                        .equals(Edge.CLIENT) ? "the host's clients are outside AWS" : "nothing reaches inside RDS, "
                        + "ElastiCache or the load balancer") + ")");
            }
            String peer = instance.equals(e.source()) ? e.target() : e.source();
            if (peer.equals("sqs") || peer.equals(Edge.CLIENT)) {
                return s.unsupported(e + ": SQS's regional endpoint answers from changing addresses, so a delay on "
                        + "its name, resolved once, misses part of the traffic");
            }
            peersOf.computeIfAbsent(instance, k -> new LinkedHashSet<>()).add(peer);
        }
        Set<String> peers = new LinkedHashSet<>();
        peersOf.values().forEach(peers::addAll);
        for (Map.Entry<String, Set<String>> e : peersOf.entrySet()) {
            if (!e.getValue().equals(peers)) {
                return s.unsupported("FIS gives every targeted instance the same sources, and " + e.getKey()
                        + " should be delayed towards " + FisJson.and(List.copyOf(e.getValue())) + " only: split the "
                        + "fault into one per set of peers");
            }
        }
        List<String> notes = new ArrayList<>();
        String mode = "ALL";
        String az = null;
        if (peersOf.size() < fleet.size()) {
            FaultMapper.Selection sel = FaultMapper.selection(s,
                    new dev.firedrill.harness.fault.Selector.Named(List.copyOf(peersOf.keySet())), notes);
            mode = sel.mode();
            az = sel.az();
        }
        List<String> sources = new ArrayList<>();
        ObjectNode vars = obj();
        for (String p : peers) {
            sources.add(source(t, p, vars));
        }
        long seconds = Math.max(1, (s.lasting().toMillis() + 999) / 1000);
        Duration d = FisJson.roundUp(Duration.ofSeconds(seconds).plus(SETUP_SLACK));
        ObjectNode doc = obj().put("DelayMilliseconds", String.valueOf(l.latency()))
                .put("JitterMilliseconds", String.valueOf(l.jitter())).put("Sources", String.join(",", sources))
                .put("TrafficType", "egress").put("DurationSeconds", String.valueOf(seconds))
                .put("InstallDependencies", "True");
        ObjectNode params = obj();
        params.set("documentArn", Cfn.sub("arn:${AWS::Partition}:ssm:${AWS::Region}::document/" + DOCUMENT));
        if (vars.isEmpty()) {
            params.put("documentParameters", doc.toString()); // CIDRs only: no Fn::Sub (cfn-lint W1020)
        } else {
            params.set("documentParameters", Cfn.sub(doc.toString(), vars));
        }
        params.put("duration", FisJson.iso(d));
        ObjectNode tg = obj();
        tg.set("AppInstances", FisJson.instances(t, s.runId(), mode, az));
        ObjectNode actions = obj();
        actions.set("NetworkLatency", FisJson.action("aws:ssm:send-command", "add " + l.latency() + " ms (+-"
                + l.jitter() + ") towards " + FisJson.and(List.copyOf(peers)), "Instances", "AppInstances", params));
        notes.add("tc on the instances delays their packets to " + FisJson.and(List.copyOf(peers)) + " for "
                + seconds + " s (TrafficType egress): one direction, as the toxic on the embedded link; FIS's action "
                + "allows " + FisJson.iso(d) + " for the document to install tc and run");
        if (!vars.isEmpty()) {
            notes.add("the sources' names are resolved once when the command starts: a failover during the fault "
                    + "leaves the delay on the old address");
        }
        if (overlapsAnotherLatency(s)) {
            notes.add("another latency fault overlaps this one: AWS's latency and packet-loss documents cannot run "
                    + "in parallel on one instance, so the second fails there");
        }
        Duration billedMinutes = FisJson.roundUp(Duration.ofSeconds(seconds));
        return s.experiment("latency", tg, actions,
                List.of(new Action("NetworkLatency", "aws:ssm:send-command", billedMinutes)), notes);
    }

    /** What the document's {@code Sources} names for a peer; endpoint names go through {@code vars}. */
    private static String source(Topology t, String peer, ObjectNode vars) {
        if (peer.equals(Edge.DB_WRITER)) {
            vars.set("WriterAddress", Cfn.getAtt(LogicalIds.DB_PRIMARY, "Endpoint.Address"));
            return "${WriterAddress}";
        }
        if (peer.equals(Edge.DB_READER)) {
            String db = t.database().replicas() > 0 ? LogicalIds.replica(1) : LogicalIds.DB_PRIMARY;
            vars.set("ReaderAddress", Cfn.getAtt(db, "Endpoint.Address"));
            return "${ReaderAddress}";
        }
        if (t.cache() != null && peer.equals(t.cache().name())) {
            vars.set("RedisAddress", Cfn.getAtt(LogicalIds.CACHE, "PrimaryEndPoint.Address"));
            return "${RedisAddress}";
        }
        // the load balancer: its nodes' addresses change, its subnets do not
        return String.join(",", t.loadBalancer().subnets().stream().map(n -> t.vpc().subnet(n).cidr()).toList());
    }

    private static boolean overlapsAnotherLatency(Step s) {
        FaultStep me = s.step();
        Duration end = me.at().plus(s.lasting());
        for (int i = 0; i < s.scenario().faults().size(); i++) {
            FaultStep o = s.scenario().faults().get(i);
            if (i == s.index() || !(o.fault() instanceof Fault.ToxicFault tf) || !(tf.toxic() instanceof LatencyToxic)) {
                continue;
            }
            Duration oEnd = o.duration() == null ? s.scenario().duration() : o.at().plus(o.duration());
            if (o.at().compareTo(end) < 0 && me.at().compareTo(oEnd) < 0) {
                return true;
            }
        }
        return false;
    }
}
