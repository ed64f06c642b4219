package dev.firedrill.harness.net;

import dev.firedrill.harness.net.internal.ProxyLink;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * One edge of the topology (ALB→instance, instance→DB endpoint, →Redis, →SQS, replica→primary): a
 * TCP proxy on 127.0.0.1 owned by the harness, so that faults can act on any edge. Vocabulary and
 * toxic semantics follow Toxiproxy: upstream = client→server, downstream = server→client.
 *
 * <pre>{@code
 * try (Link db = Link.open("db-writer", new InetSocketAddress("127.0.0.1", 5432))) {
 *     String jdbcUrl = "jdbc:postgresql://127.0.0.1:" + db.listenAddress().getPort() + "/app";
 *     db.addToxic(new LatencyToxic("slow", ToxicStream.DOWNSTREAM, 1.0, 300, 0));
 *     db.block(BlockMode.BLACKHOLE);   // clients time out
 *     db.block(BlockMode.NONE);
 * }
 * }</pre>
 *
 * <p>Every connection leaves a {@link FlowRecord} (VPC Flow Logs v2 fields, the edge, ACCEPT/REJECT and why) in
 * the link's {@link FlowLog} when it ends; {@link #openFlows()} shows the open ones.
 *
 * <p>Without toxics or blocks a link forwards with blocking sockets, one thread per direction per
 * connection, TCP_NODELAY on both sides. Thread-safe.
 */
public interface Link extends AutoCloseable {

    /** Opens a link on 127.0.0.1 with an OS-chosen port. */
    static Link open(String name, InetSocketAddress upstream) {
        return open(name, upstream, 0);
    }

    /**
     * Opens a link on 127.0.0.1:{@code listenPort} (0 = OS-chosen). A taken port is a {@link
     * dev.firedrill.harness.ProvisioningException} naming the link and the port.
     */
    static Link open(String name, InetSocketAddress upstream, int listenPort) {
        return open(name, List.of(upstream), listenPort, RandomGenerator.of("L64X128MixRandom"));
    }

    /** As {@link #open(String, InetSocketAddress, int)}, deciding toxicity from {@code seed}. */
    static Link open(String name, InetSocketAddress upstream, int listenPort, long seed) {
        return open(name, List.of(upstream), listenPort, new java.util.SplittableRandom(seed));
    }

    /**
     * Opens a link spreading new connections round-robin over {@code upstreams}; every random choice
     * (toxicity per connection, jitter, slice sizes) comes from {@code random}.
     */
    static Link open(String name, List<InetSocketAddress> upstreams, int listenPort, RandomGenerator random) {
        return ProxyLink.open(name, upstreams, listenPort, random);
    }

    String name();

    /** Where clients connect: 127.0.0.1 and the bound port (kept across disable/enable). */
    InetSocketAddress listenAddress();

    /**
     * Moves the listener to 127.0.0.1:{@code port} (0 = OS-chosen); live connections stay. A taken
     * port is a FaultException.
     */
    void setListenPort(int port);

    /** Where new connections go. */
    List<InetSocketAddress> upstreams();

    /**
     * Changes where new connections go, round-robin per connection (e.g. an RDS reader endpoint
     * over replicas, or the writer endpoint flipped on failover). Live connections stay where they
     * are: call {@link #cutConnections()} as well to move them.
     */
    void setUpstreams(List<InetSocketAddress> upstreams);

    /**
     * For a link opened before its upstream has started: connections accepted before {@code ready} completes wait,
     * their bytes unread, then go upstream; if it completes exceptionally they are reset. Connections accepted after
     * it completed go straight upstream. Lets clients start while the component they will talk to is still starting.
     */
    void holdUntil(java.util.concurrent.CompletableFuture<?> ready);

    /** Closes every live connection now with a TCP reset. New connections are still accepted. */
    void cutConnections();

    /**
     * As {@link #cutConnections()}; their flow records say {@code LABEL: cut} (e.g. {@code fault f2 failover primary:
     * cut}).
     */
    void cutConnections(String label);

    /**
     * Every random choice from now on (toxicity per connection, jitter, slice sizes of new connections) draws
     * from {@code seed}: a run's seed reaches its toxics.
     */
    void reseed(long seed);

    /**
     * Toxiproxy's {@code enabled}: false stops listening (clients get "connection refused") and
     * drops live connections; true listens again on the same port.
     */
    void setEnabled(boolean enabled);

    boolean isEnabled();

    /** Sets how traffic is refused; {@link BlockMode#NONE} lets it flow again. */
    void block(BlockMode mode);

    /**
     * As {@link #block(BlockMode)}, naming what set the block ({@code fault f3 partition app|db}) in the flow records
     * of the connections it refuses, drops or cuts ({@code fault f3 partition app|db: dropped}); null names none.
     */
    void block(BlockMode mode, String label);

    /** The block in force, counting a security-group denial as {@link BlockMode#BLACKHOLE}. */
    BlockMode blockMode();

    /**
     * Blackholes the link as a security group without the needed ingress rule would, and logs one
     * WARN line naming {@code missingRuleDescription} each time a connection is denied.
     */
    void denyBySecurityGroup(String missingRuleDescription);

    /** Heals {@link #denyBySecurityGroup(String)}. */
    void allowBySecurityGroup();

    /** The missing rule while a security-group denial is in force. */
    Optional<String> securityGroupDenial();

    /** Adds a toxic to live and future connections; a duplicate name is a FaultException. */
    Toxic addToxic(Toxic toxic);

    /**
     * As {@link #addToxic(Toxic)}, naming what added it ({@code fault f4 timeout app->db}) in the flow records of
     * connections the toxic ends; null names none.
     */
    Toxic addToxic(Toxic toxic, String label);

    /** Replaces the toxic with the same name; an unknown name is a FaultException. */
    Toxic updateToxic(Toxic toxic);

    /** Removes a toxic without dropping in-flight bytes; an unknown name is a FaultException. */
    void removeToxic(String name);

    /** Toxics in the order they act. */
    List<Toxic> toxics();

    Optional<Toxic> toxic(String name);

    /** Removes every toxic. */
    void resetToxics();

    LinkStats stats();

    /**
     * The edge this link carries ({@code app-1->db-writer} for the link {@code app-1_db-writer}; see {@link
     * FlowRecord#edgeOf}).
     */
    String edge();

    /**
     * Where the flow record of each connection goes when it ends (a registry gives its links one shared log). A
     * link opened on its own keeps a log of its own of the last 10,000.
     */
    void recordFlowsTo(FlowLog log);

    /** The log the flow records of ended connections go to. */
    FlowLog flowLog();

    /** A flow record of each connection open now ({@code endEpochNanos} 0). */
    List<FlowRecord> openFlows();

    /** This link's records of connections that ended at or after {@code sinceEpochNanos}, then its open ones. */
    default List<FlowRecord> flows(long sinceEpochNanos) {
        List<FlowRecord> out = new java.util.ArrayList<>();
        for (FlowRecord r : flowLog().endedSince(sinceEpochNanos)) {
            if (r.link().equals(name())) {
                out.add(r);
            }
        }
        out.addAll(openFlows());
        return out;
    }

    /** Adds an observer of connection events. */
    void addListener(LinkListener listener);

    /** Stops listening and closes every connection. Idempotent. */
    @Override
    void close();
}
