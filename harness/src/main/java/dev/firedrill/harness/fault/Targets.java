package dev.firedrill.harness.fault;

import dev.firedrill.harness.topology.ComponentKind;
import dev.firedrill.harness.topology.ComponentSpec;
import dev.firedrill.harness.topology.Topology;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What faults can hit, right now: the components (after a failover the promoted replica is the primary and a
 * rebuilt replica has a new name) and the edges between them. {@link #of(Topology)} is what a topology will have
 * once deployed, so a scenario's faults are checked before anything starts; a running deployment gives its
 * current view.
 */
public record Targets(List<ComponentSpec> components, List<Edge> edges, List<String> azs) {
    public Targets {
        components = List.copyOf(components);
        edges = List.copyOf(edges);
        azs = List.copyOf(azs);
    }

    /** The components and edges of {@code t} once it is deployed. */
    public static Targets of(Topology t) {
        return new Targets(t.components(), edges(t, t.components()), t.vpc().azs());
    }

    /**
     * The edges a stack with these components has: clients to the queue, the database endpoints and the cache;
     * each replica to the primary (replication); each instance to the database endpoints, the cache and the
     * queue; the load balancer to each instance.
     */
    public static List<Edge> edges(Topology t, List<ComponentSpec> components) {
        List<Edge> out = new ArrayList<>();
        String client = Edge.CLIENT;
        List<String> primaries = names(components, ComponentKind.DB_PRIMARY);
        String cache = t.cache() == null ? null : t.cache().name();
        boolean queues = !t.queues().isEmpty();
        if (queues) {
            out.add(new Edge(client, "sqs"));
        }
        if (!primaries.isEmpty()) {
            for (String r : names(components, ComponentKind.DB_REPLICA)) {
                out.add(new Edge(r, primaries.get(0)));
            }
            out.add(new Edge(client, Edge.DB_WRITER));
            out.add(new Edge(client, Edge.DB_READER));
        }
        if (cache != null) {
            out.add(new Edge(client, cache));
        }
        List<String> instances = names(components, ComponentKind.APP_INSTANCE);
        for (String i : instances) {
            if (!primaries.isEmpty()) {
                out.add(new Edge(i, Edge.DB_WRITER));
                out.add(new Edge(i, Edge.DB_READER));
            }
            if (cache != null) {
                out.add(new Edge(i, cache));
            }
            if (queues) {
                out.add(new Edge(i, "sqs"));
            }
        }
        if (t.loadBalancer() != null) {
            instances.forEach(i -> out.add(new Edge(t.loadBalancer().name(), i)));
        }
        return out;
    }

    public List<String> names(ComponentKind kind) {
        return names(components, kind);
    }

    private static List<String> names(List<ComponentSpec> components, ComponentKind kind) {
        return components.stream().filter(c -> c.kind() == kind).map(ComponentSpec::name).toList();
    }

    public Optional<ComponentSpec> component(String name) {
        return components.stream().filter(c -> c.name().equals(name)).findFirst();
    }

    /** The current primary, if the stack has a database. */
    public Optional<String> primary() {
        return names(ComponentKind.DB_PRIMARY).stream().findFirst();
    }

    public List<String> replicas() {
        return names(ComponentKind.DB_REPLICA);
    }

    public List<String> instances() {
        return names(ComponentKind.APP_INSTANCE);
    }

    /** Every edge into {@code target}. */
    public List<Edge> into(String target) {
        return edges.stream().filter(e -> e.target().equals(target)).toList();
    }
}
