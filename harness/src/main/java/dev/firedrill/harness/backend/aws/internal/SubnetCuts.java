package dev.firedrill.harness.backend.aws.internal;

import dev.firedrill.harness.fault.Edge;
import dev.firedrill.harness.fault.Targets;
import dev.firedrill.harness.topology.ComponentKind;
import dev.firedrill.harness.topology.ComponentSpec;
import dev.firedrill.harness.topology.Subnet;
import dev.firedrill.harness.topology.Topology;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What a network ACL on some subnets cuts, edge by edge: the model behind mapping partitions to FIS's
 * {@code aws:network:disrupt-connectivity}, which clones the subnets' ACLs with deny rules. Every edge of the
 * stack is drawn as the hops its packets take between subnets (an app instance to the primary's subnet; to SQS
 * through the NAT gateway's subnet and out; the load balancer from each of its subnets, alternatives of which some
 * may still work). Scope {@code all} denies every hop into or out of the subnets but none inside one (ACLs do not
 * filter traffic within a subnet); scope {@code availability-zone} denies hops between them and subnets of other
 * AZs. The host's own clients, which reach the database and cache only on the embedded backend, have no path here.
 */
public final class SubnetCuts {
    /** The disrupt-connectivity scopes the model knows. */
    public enum Scope {
        ALL("all"), AVAILABILITY_ZONE("availability-zone");

        private final String id;

        Scope(String id) {
            this.id = id;
        }

        /** The value of the action's {@code scope} parameter. */
        public String id() {
            return id;
        }
    }

    /** The internet, SQS, the host's clients. */
    static final String OUTSIDE = "(outside the VPC)";

    record Hop(String from, String to) {
    }

    /**
     * What an ACL on {@code subnets} does to a fault's {@code planned} edges: {@code missing} are planned edges it
     * does not cut (fully), {@code extra} edges it cuts that the fault does not, {@code partial} edges it cuts
     * only on some paths.
     */
    public record Verdict(Set<String> subnets, Scope scope, List<Edge> missing, List<Edge> extra, List<Edge> partial) {
        public boolean exact() {
            return missing.isEmpty() && extra.isEmpty() && partial.isEmpty();
        }
    }

    private final Topology topology;
    private final Targets targets;

    public SubnetCuts(Topology topology) {
        this.topology = topology;
        this.targets = Targets.of(topology);
    }

    /** The subnets holding the ends of {@code edges} on the side {@code sources} (true) or targets (false). */
    public Set<String> subnetsOf(List<Edge> edges, boolean sources) {
        Set<String> out = new LinkedHashSet<>();
        for (Edge e : edges) {
            out.addAll(nodes(sources ? e.source() : e.target()));
        }
        out.remove(OUTSIDE);
        return out;
    }

    /** The subnets of an availability zone. */
    public Set<String> subnetsIn(String az) {
        return topology.vpc().subnets().stream().filter(s -> s.az().equals(az)).map(Subnet::name)
                .collect(Collectors.toCollection(LinkedHashSet::new));
    }

    public Verdict evaluate(List<Edge> planned, Set<String> subnets, Scope scope) {
        List<Edge> wanted = planned.stream().filter(this::onAws).toList();
        List<Edge> missing = new ArrayList<>();
        List<Edge> extra = new ArrayList<>();
        List<Edge> partial = new ArrayList<>();
        for (Edge e : targets.edges()) {
            if (!onAws(e)) {
                continue;
            }
            List<List<Hop>> paths = paths(e);
            long cut = paths.stream().filter(p -> p.stream().anyMatch(h -> cuts(h, subnets, scope))).count();
            boolean all = cut == paths.size();
            if (wanted.contains(e)) {
                if (!all) {
                    missing.add(e);
                }
            } else if (all) {
                extra.add(e);
            } else if (cut > 0) {
                partial.add(e);
            }
        }
        return new Verdict(Set.copyOf(subnets), scope, missing, extra, partial);
    }

    /** Why an ACL does not cut {@code e}: its ends share a subnet, or none of its hops crosses the ACL. */
    public String whyNotCut(Edge e, Verdict v) {
        List<List<Hop>> paths = paths(e);
        for (List<Hop> p : paths) {
            for (Hop h : p) {
                if (h.from().equals(h.to())) {
                    return e + " stays inside subnet " + h.from();
                }
            }
        }
        long cut = paths.stream().filter(p -> p.stream().anyMatch(h -> cuts(h, v.subnets(), v.scope()))).count();
        if (cut > 0) {
            return e + " is cut on " + cut + " of its " + paths.size() + " paths only";
        }
        return e + " does not cross " + String.join(", ", v.subnets()) + " (scope " + v.scope().id() + ")";
    }

    /** Whether {@code e} exists on AWS: the host's clients reach only the load balancer there. */
    public boolean onAws(Edge e) {
        if (!e.source().equals(Edge.CLIENT)) {
            return true;
        }
        return topology.loadBalancer() != null && e.target().equals(topology.loadBalancer().name());
    }

    private boolean cuts(Hop h, Set<String> subnets, Scope scope) {
        if (h.from().equals(h.to())) {
            return false;
        }
        boolean touches = subnets.contains(h.from()) || subnets.contains(h.to());
        if (scope == Scope.ALL) {
            return touches;
        }
        return touches && !h.from().equals(OUTSIDE) && !h.to().equals(OUTSIDE)
                && !topology.vpc().subnet(h.from()).az().equals(topology.vpc().subnet(h.to()).az());
    }

    /** Each alternative path of {@code e}'s packets. */
    List<List<Hop>> paths(Edge e) {
        List<List<Hop>> out = new ArrayList<>();
        Subnet nat = topology.vpc().subnets().stream().filter(Subnet::isPublic).findFirst().orElse(null);
        for (String from : nodes(e.source())) {
            if (e.target().equals("sqs")) {
                if (nat != null) {
                    out.add(from.equals(nat.name()) ? List.of(new Hop(from, OUTSIDE))
                            : List.of(new Hop(from, nat.name()), new Hop(nat.name(), OUTSIDE)));
                }
                continue;
            }
            for (String to : nodes(e.target())) {
                out.add(List.of(new Hop(from, to)));
            }
        }
        return out;
    }

    /** The subnets an edge end lives in (the load balancer: each of its subnets). */
    private List<String> nodes(String end) {
        switch (end) {
            case Edge.CLIENT:
                return List.of(OUTSIDE);
            case Edge.DB_WRITER:
                return targets.primary().map(this::nodes).orElse(List.of());
            case Edge.DB_READER:
                // the env contract's reader is the first replica (instance replicas share no reader endpoint)
                return targets.replicas().isEmpty() ? targets.primary().map(this::nodes).orElse(List.of())
                        : nodes(targets.replicas().get(0));
            default:
                break;
        }
        ComponentSpec c = targets.component(end).orElse(null);
        if (c == null || c.kind() == ComponentKind.QUEUE) {
            return List.of(OUTSIDE);
        }
        if (c.kind() == ComponentKind.LOAD_BALANCER) {
            return topology.loadBalancer().subnets();
        }
        return List.of(c.subnet());
    }
}
